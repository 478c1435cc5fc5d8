"""Read the files given to an import into sources: what kind each is and its bytes, checked.

A file's kind is found from its content, not only its name: a web page (HTML, gzip-compressed
or not), a web archive (WARC, each HTML response record one source), an RSS or Atom feed
(each entry that carries content one source), a plain text, or a YAML manifest. Everything a
file holds is read and checked before anything is written; a bad file raises SourceRefused
with one line naming the file and the reason, and the files after it are read as usual.
"""

import codecs
import datetime
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The largest source kept, after decompression: a news article's page is well under 2 MB;
# a web archive file may hold many pages, each record within this limit.
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024
MANIFEST_SUFFIXES = {".yaml", ".yml", ".json"}

BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "a program",
    b"RIFF": "a RIFF (WebP, WAV or AVI) file",
}


class SourceRefused(Exception):
    """A file (or the record of one) that cannot be imported; the message names it."""


@dataclass
class Source:
    """One article's source as received, and what its container says about it."""

    name: str  # the file's name, and for an archive or feed which record: "crawl.warc#2"
    data: bytes  # as received (for a compressed page, decompressed)
    kind: str  # text, html, warc or feed (RawSource.Kind)
    charset: str = ""  # declared by the container (HTTP header), if it says
    url: str = ""
    captured_at: datetime.datetime | None = None
    meta: dict = field(default_factory=dict)  # a feed entry's title, date, author, site


def read_limited(stream, limit: int, what: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise SourceRefused(f"{what} is larger than the {limit // 2**20} MB limit")
    return data


def gunzip(data: bytes, name: str) -> bytes:
    """Decompress a gzip file, refusing one that grows past the limit (a gzip bomb)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, MAX_SOURCE_BYTES + 1)
    except zlib.error as error:
        raise SourceRefused(f"{name}: damaged gzip data ({error})") from None
    if len(out) > MAX_SOURCE_BYTES or inflater.unconsumed_tail:
        raise SourceRefused(
            f"{name}: decompresses to more than the {MAX_SOURCE_BYTES // 2**20} MB limit"
        )
    if not inflater.eof:
        raise SourceRefused(f"{name}: truncated gzip data (the file ends before its end)")
    return out


def _gzip_complete(path: Path) -> None:
    """Check that a compressed web archive is whole, without holding it in memory."""
    try:
        with gzip.open(path) as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as error:
        raise SourceRefused(f"{path.name}: truncated or damaged web archive ({error})") from None


def kind_of(data: bytes) -> str:
    """html, warc, feed, gzip, text or binary, from the first bytes."""
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data.startswith(b"WARC/"):
        return "warc"
    for signature in BINARY_SIGNATURES:
        if data.startswith(signature):
            return "binary"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        if re.search(rb"<(rss|feed|rdf:rdf)\b", head):
            return "feed"
        return "html" if re.search(rb"<html\b", head) else "binary"
    if re.match(rb"(<!--.*?-->\s*)*<(!doctype html|html|head|body|meta|title)\b", head, re.S):
        return "html"
    if b"\x00" in data:
        return "binary"
    return "text"


def _refuse_binary(data: bytes, name: str) -> None:
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise SourceRefused(f"{name}: {what}, not a text or a web page")
    raise SourceRefused(f"{name}: binary file (NUL byte at byte {data.index(0)})")


def file_sources(path: Path) -> list[Source]:
    """Every source one file holds (a web archive or a feed may hold many), checked."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceRefused(f"{path}: no such file") from None
    except OSError as error:
        raise SourceRefused(f"{path}: cannot be read ({error.strerror})") from None
    name = path.name
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"WARC/") or (
        head.startswith(b"\x1f\x8b") and path.name.lower().endswith((".warc.gz", ".warc"))
    ):
        if size > MAX_ARCHIVE_BYTES:
            raise SourceRefused(f"{name}: larger than the {MAX_ARCHIVE_BYTES // 2**20} MB limit")
        if head.startswith(b"\x1f\x8b"):
            _gzip_complete(path)
        with path.open("rb") as stream:
            return warc_sources(stream, name)
    if size > MAX_SOURCE_BYTES:
        raise SourceRefused(
            f"{name}: {size / 2**20:.0f} MB, larger than the {MAX_SOURCE_BYTES // 2**20} MB limit"
        )
    data = path.read_bytes()
    return data_sources(data, name)


def data_sources(data: bytes, name: str) -> list[Source]:
    """The sources in a file's bytes (an upload, or a file read)."""
    if not data.strip():
        raise SourceRefused(f"{name}: the file is empty")
    kind = kind_of(data)
    if kind == "gzip":
        data = gunzip(data, name)
        if not data.strip():
            raise SourceRefused(f"{name}: the file is empty")
        kind = kind_of(data)
        if kind in ("gzip", "warc"):
            if kind == "warc":
                return warc_sources(io.BytesIO(data), name)
            raise SourceRefused(f"{name}: compressed twice")
    if kind == "warc":
        return warc_sources(io.BytesIO(data), name)
    if kind == "binary":
        _refuse_binary(data, name)
    if kind == "feed":
        from articles.importing.feeds import feed_sources

        return feed_sources(data, name)
    return [Source(name=name, data=data, kind=kind)]


def _charset_of(content_type: str | None) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else ""


def warc_sources(stream, name: str) -> list[Source]:
    """Each HTML response record of a web archive, with its target URI and capture date."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    sources = []
    number = 0
    try:
        for record in ArchiveIterator(stream, check_digests="raise"):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            number += 1
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{name}: record {number} ({uri})"
            data = read_limited(record.content_stream(), MAX_SOURCE_BYTES, where)
            expected = record.rec_headers.get_header("Content-Length")
            if expected and record.length is not None and record.length < int(expected):
                raise SourceRefused(f"{where}: truncated (the archive ends inside the record)")
            if not data.strip():
                continue
            sources.append(
                Source(
                    name=f"{name}#{number}",
                    data=data,
                    kind="warc",
                    charset=_charset_of(content_type),
                    url=uri[:500],
                    captured_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
                )
            )
    except SourceRefused:
        raise
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error) as error:
        message = str(error).replace("\n", " ")[:200]
        raise SourceRefused(f"{name}: truncated or damaged web archive ({message})") from None
    if not sources:
        raise SourceRefused(f"{name}: a web archive without any HTML response record")
    return sources


def _warc_date(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def files_under(paths: list[Path]) -> Iterator[Path]:
    """The files given, and those inside the folders given (a manifest, if a folder holds one,
    standing for that folder), in name order."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        manifest = path / "manifest.yaml"
        if manifest.exists():
            yield manifest
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith("."):
                yield child


def is_manifest(path: Path) -> bool:
    return path.suffix.lower() in MANIFEST_SUFFIXES


def decode(data: bytes, declared: str, name: str) -> tuple[str, str]:
    """The text of a source and the encoding it was read in: the byte-order mark's, else the
    one declared (by the container or the page), else UTF-8. A byte that is not of that
    encoding refuses the source: nothing is guessed."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if data.startswith(bom):
            data, declared = data[len(bom) :], encoding
            break
    else:
        if data.startswith(codecs.BOM_UTF16_BE):
            data, declared = data[2:], "utf-16-be"
    encoding = declared or "utf-8"
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise SourceRefused(f"{name}: unknown character encoding {encoding!r}") from None
    if codec.name in ("latin-1", "iso8859-1", "ascii"):  # as browsers read them
        codec = codecs.lookup("cp1252")
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as error:
        byte = data[error.start]
        said = f"declared {encoding}" if declared else "no encoding declared and not UTF-8"
        raise SourceRefused(
            f"{name}: {said}: byte 0x{byte:02x} at byte {error.start} is not {codec.name}"
        ) from None
    control = re.search(r"[\x00-\x08\x0b\x0e-\x1f]", text)
    if control:
        char = control.group()
        raise SourceRefused(f"{name}: binary file (control character U+{ord(char):04X})")
    return text, codec.name
