"""Keep the search index and vocabulary in step with every article save and delete."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from articles.search import article_index, article_unindex, vocabulary_add


@receiver(post_save, sender=Article, dispatch_uid="article-search-index")
def article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    article_index(instance)
    vocabulary_add(f"{instance.headline}\n{instance.body}", instance.language)  # new words only


@receiver(post_delete, sender=Article, dispatch_uid="article-search-unindex")
def article_deleted(sender, instance, **kwargs):
    article_unindex(instance.pk)
