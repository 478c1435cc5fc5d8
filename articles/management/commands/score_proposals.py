"""score_proposals [dev|test|PATH]: both proposers scored on an evaluation set of eval/."""

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import EvaluationSetError, evaluation_set_read, proposals_evaluate


class Command(BaseCommand):
    help = (
        "Score the candidate-fact proposer (value, unit and kind together) and the "
        "candidate-record proposer (name and kind) on an evaluation set of eval/: precision "
        "and recall with 95 % Wilson intervals."
    )

    def add_arguments(self, parser):
        parser.add_argument("set", nargs="?", default="dev", help="dev, test or a YAML path")
        parser.add_argument("--errors", action="store_true", help="list misses and wrong ones")

    def handle(self, *args, set, errors, **options):
        try:
            texts = evaluation_set_read(set)
        except EvaluationSetError as error:
            raise CommandError(str(error)) from None
        scores = proposals_evaluate(texts)
        self.stdout.write(f"{set}: {len(texts)} texts")
        for label, tally in (
            ("facts (value+unit+kind)", scores.facts),
            ("facts (value+unit+kind+qualifier)", scores.qualified),
            ("facts (value+unit)", scores.values_units),
            ("facts (value)", scores.values),
            ("records (name+kind)", scores.records),
            ("records (name)", scores.names),
        ):
            self.stdout.write(tally.line(label))
        if errors:
            for label, tally in (("facts", scores.facts), ("records", scores.records)):
                for text_id, item in tally.misses:
                    self.stdout.write(f"  {label} missed  {text_id}: {item}")
                for text_id, item in tally.wrong:
                    self.stdout.write(f"  {label} wrong   {text_id}: {item}")
