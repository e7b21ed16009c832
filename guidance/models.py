"""The guidance library: source files, their verbatim passages, and the topics they are tagged with.

Built only by `manage.py load_guidance` from guidance/data/ (see guidance/library.py); the rest of
the app reads it through guidance/services.py.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

# The UI languages every topic has a title and a summary in (codes as in settings.LANGUAGES).
LANGUAGES = ("en", "de", "nl", "sv", "zh-hans")


class Source(models.Model):
    """One of the seed files, kept under its own name in guidance/data/sources/."""

    file_name = models.CharField(max_length=100, unique=True)
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["file_name"]

    def __str__(self):
        return self.file_name


class Topic(models.Model):
    class Group(models.TextChoices):
        TRIGGER = "trigger", _("Trigger")
        RELIEF = "relief", _("What helps")
        KIND = "kind", _("Kind of pain")
        RED_FLAG = "red_flag", _("Warning sign")
        GENERAL = "general", _("General")

    slug = models.SlugField(max_length=50, unique=True)
    group = models.CharField(max_length=10, choices=Group.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # {language code: text} for every code in LANGUAGES.
    titles = models.JSONField(default=dict)
    summaries = models.JSONField(default=dict)
    # A named guideline (e.g. "NICE NG59; NHS: Back pain") that the summary cites.
    guideline = models.CharField(max_length=200, blank=True)
    # True when no source passage speaks to this topic: the summary says so and cites the guideline.
    no_source = models.BooleanField(default=False)
    # Titles, summaries and passage texts in every language, case-folded, for the search box.
    search_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self):
        return self.slug

    def title_in(self, language):
        return self.titles.get(language) or self.titles.get("en") or self.slug

    def summary_in(self, language):
        return self.summaries.get(language) or self.summaries.get("en") or ""


class Passage(models.Model):
    """A verbatim span of one source (see guidance.library.normalise for what verbatim means)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField(help_text="Order within the source.")
    section = models.CharField(max_length=300)
    text = models.TextField()
    language = models.CharField(max_length=10)
    topics = models.ManyToManyField(Topic, through="PassageTopic", related_name="passages")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "position"]
        constraints = [models.UniqueConstraint(fields=["source", "position"], name="passage_unique_position")]

    def __str__(self):
        return f"{self.source.file_name}, {self.section}: {self.text[:40]}"


class PassageTopic(models.Model):
    """A topic tag on a passage; relevance 1 means the passage is mainly about the topic."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="tags")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tags")
    relevance = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["topic", "relevance", "passage__source__file_name", "passage__position"]
        constraints = [models.UniqueConstraint(fields=["passage", "topic"], name="passage_topic_unique")]


class LibraryState(models.Model):
    """One row: the content hash of the data files the tables were last built from."""

    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
