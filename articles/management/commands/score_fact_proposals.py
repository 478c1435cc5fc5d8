"""Measure the candidate-fact proposer against the curated facts."""

from django.core.management.base import BaseCommand

from articles.models import Article, TradeFact
from articles.proposals import Score, proposals_score


class Command(BaseCommand):
    help = (
        "Measure the candidate-fact proposer against the curated (approved) facts: for each "
        "article that has some, precision and recall of the proposals."
    )

    def handle(self, *args, **options):
        total = Score()
        articles = Article.objects.filter(facts__status=TradeFact.Status.APPROVED).distinct()
        for article in articles.order_by("published_on", "pk"):
            curated = [
                (fact.start, fact.end, fact.value)
                for fact in article.facts.filter(status=TradeFact.Status.APPROVED, anchored=True)
            ]
            score = proposals_score(article.body, article.language, curated)
            total.add(score)
            self.stdout.write(
                f"{article.slug}: {score.proposed} proposed, {score.found} right; "
                f"{score.curated_found} of {score.curated} curated facts found"
            )
        self.stdout.write(
            f"precision {total.precision:.1%} ({total.found}/{total.proposed}), "
            f"recall {total.recall:.1%} ({total.curated_found}/{total.curated})"
        )
