"""The OpenAPI schema's additions: the error answers every operation may give."""

ERROR_BODY = {
    "description": "",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}
ERRORS = {
    "304": {"description": "Not modified: the If-None-Match ETag is current."},
    "400": {**ERROR_BODY, "description": "A parameter is not valid; the body names it."},
    "404": {**ERROR_BODY, "description": "No such record, or a cursor this API did not make."},
    "429": {
        **ERROR_BODY,
        "description": "Too many requests: the Retry-After header says in how many seconds "
        "to try again.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document 304, 400, 404 and 429 everywhere."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for status, response in ERRORS.items():
                operation["responses"].setdefault(status, response)
    return result


def filter_parameters(filterset_class) -> list:
    """The FilterSet's number filters with the bounds their forms check (drf-spectacular
    would call them unbounded numbers), so that the schema says what the API accepts."""
    from django_filters import NumberFilter
    from drf_spectacular.utils import OpenApiParameter

    parameters = []
    for name, field in filterset_class.base_filters.items():
        if not isinstance(field, NumberFilter):
            continue
        extra = field.extra
        places = extra.get("decimal_places")
        largest = 10 ** (extra["max_digits"] - (places or 0)) - 1 if "max_digits" in extra else None
        schema = {"type": "integer" if places == 0 else "number"}
        for key, value in (
            ("minimum", extra.get("min_value")),
            ("maximum", extra.get("max_value", largest)),
        ):
            if value is not None:
                schema[key] = value
        parameters.append(OpenApiParameter(name, schema, description=str(field.label or name)))
    return parameters


def _slug_filters_are_strings():
    """The pages' record filters take a slug (their filter method hides the type)."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import extend_schema_field

    from articles.filters import SlugChoiceFilter

    extend_schema_field(OpenApiTypes.STR)(SlugChoiceFilter)


_slug_filters_are_strings()
