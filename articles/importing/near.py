"""Find near-duplicates: the same story republished by another site, by shingle similarity.

Each article's word 5-shingles get a MinHash signature (datasketch) cut into bands; a band is
stored as a key (NearDuplicateKey), so finding the articles that share one is an indexed
lookup, not a comparison with every article. Those that do are compared exactly (Jaccard
similarity of their shingles) and, from SIMILAR on, flagged as possible duplicates.
"""

import hashlib
import re
from collections import Counter

from articles.models import Article, NearDuplicateKey, PossibleDuplicate

SHINGLE_WORDS = 5
BANDS, ROWS = 21, 3  # 63 permutations; a pair at 0.5 similarity shares a band 94 % of the time
SIMILAR = 0.5
MAX_COMPARED = 20
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def band_keys(grams: set[str]) -> list[int]:
    from datasketch import MinHash

    if not grams:
        return []
    signature = MinHash(num_perm=BANDS * ROWS)
    signature.update_batch([gram.encode("utf-8") for gram in grams])
    values = signature.hashvalues
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(band.to_bytes(2, "big") + rows.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicates_flag(article: Article) -> list[PossibleDuplicate]:
    """Store the article's keys and flag the articles it nearly repeats; returns the flags."""
    grams = shingles(article.body)
    keys = band_keys(grams)
    if not keys:
        return []
    shared = Counter(
        NearDuplicateKey.objects.filter(key__in=keys)
        .exclude(article=article)
        .values_list("article_id", flat=True)
    )
    NearDuplicateKey.objects.bulk_create(NearDuplicateKey(article=article, key=k) for k in keys)
    ids = [pk for pk, _ in shared.most_common(MAX_COMPARED)]
    flags = []
    for other in Article.objects.filter(pk__in=ids).only("pk", "body", "slug", "headline"):
        similarity = jaccard(grams, shingles(other.body))
        if similarity >= SIMILAR:
            flags.append(PossibleDuplicate(article=article, original=other, similarity=similarity))
    flags.sort(key=lambda flag: -flag.similarity)
    return PossibleDuplicate.objects.bulk_create(flags)


def keys_ensure() -> int:
    """Give keys to the articles that have none (imported before near-duplicates were
    looked for, or in bulk); returns how many were given keys."""
    missing = Article.objects.filter(near_keys__isnull=True).only("pk", "body")
    count = 0
    for article in missing.iterator(chunk_size=500):
        NearDuplicateKey.objects.bulk_create(
            NearDuplicateKey(article=article, key=k) for k in band_keys(shingles(article.body))
        )
        count += 1
    return count


def also_published_as(article: Article) -> list[Article]:
    """The articles flagged as nearly the same text as this one, either way round."""
    ids = set(
        PossibleDuplicate.objects.filter(article=article).values_list("original_id", flat=True)
    ) | set(PossibleDuplicate.objects.filter(original=article).values_list("article_id", flat=True))
    return list(Article.objects.filter(pk__in=ids).select_related("publisher"))
