"""Forms of the learning app: every label, help text and error message translatable."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.engagements.models import Organisation
from coproduce.learning.models import Language, LearningItem, LearningPath, Notice, Progress, StudyClub

WRITTEN_IN = [("en", "English"), ("cy", "Cymraeg")]


class NoticeForm(BilingualFormMixin, forms.Form):
    """A manager's notice, in English and Welsh."""

    bilingual = ("title", "body")
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the notice a title")}
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use Markdown: **bold**, lists, and links."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Notice.Category.choices,
        error_messages={"required": _("Choose a category"), "invalid_choice": _("Choose a category")},
    )
    pinned = forms.BooleanField(label=_("Pin it to the top of the board"), required=False)
    expires_on = forms.DateField(
        label=_("Show until (optional)"),
        required=False,
        help_text=_("For example, 2027-03-31. The notice is hidden after this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, for example 2027-03-31")},
    )


class GuestPostForm(forms.Form):
    """A notice suggested by someone outside the board's owner: one language, a name they choose."""

    name = SingleLineCharField(
        label=_("Your name, as it should appear"),
        max_length=100,
        help_text=_("Your first name, a nickname, or your group’s name: whatever you are happy to be shown."),
        error_messages={"required": _("Enter the name to show with your notice")},
    )
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the notice a title")}
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what you want to tell people")},
    )
    language = forms.ChoiceField(
        label=_("Language you wrote in"),
        choices=WRITTEN_IN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language you wrote in"), "invalid_choice": _("Choose a language")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Notice.Category.choices,
        error_messages={"required": _("Choose a category"), "invalid_choice": _("Choose a category")},
    )


class BoardForm(BilingualFormMixin, forms.Form):
    bilingual = ("name", "description")
    name = SingleLineCharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the noticeboard a name")}
    )
    description = forms.CharField(
        label=_("What it is for"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerateForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("approve", _("Publish")), ("reject", _("Do not publish")), ("pin", _("Pin")), ("unpin", _("Unpin"))],
        error_messages={"required": _("Choose an answer"), "invalid_choice": _("Choose an answer")},
    )


class ClubForm(BilingualFormMixin, forms.Form):
    bilingual = ("name", "description", "place")
    name = SingleLineCharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the study club a name")}
    )
    description = forms.CharField(
        label=_("What the club does"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = SingleLineCharField(label=_("Where it meets"), max_length=300, required=False)
    online = forms.BooleanField(label=_("It meets online"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the meetings"),
        choices=Language.choices,
        error_messages={"required": _("Choose a language"), "invalid_choice": _("Choose a language")},
    )
    first_meeting = forms.DateTimeField(
        label=_("First meeting"),
        help_text=_("For example, 2027-01-14 18:30"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "required": _("Enter the date and time of the first meeting"),
            "invalid": _("Enter a real date and time, for example 2027-01-14 18:30"),
        },
    )
    repeat = forms.ChoiceField(
        label=_("How often"),
        choices=StudyClub.Repeat.choices,
        error_messages={"required": _("Choose how often it meets"), "invalid_choice": _("Choose how often it meets")},
    )
    meetings = forms.IntegerField(
        label=_("Number of meetings"),
        min_value=1,
        max_value=52,
        error_messages={
            "required": _("Enter the number of meetings"),
            "invalid": _("Enter a number of meetings from 1 to 52"),
            "min_value": _("Enter a number of meetings from 1 to 52"),
            "max_value": _("Enter a number of meetings from 1 to 52"),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Length of a meeting in minutes"),
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Enter how long a meeting lasts"),
            "invalid": _("Enter a length from 15 to 480 minutes"),
            "min_value": _("Enter a length from 15 to 480 minutes"),
            "max_value": _("Enter a length from 15 to 480 minutes"),
        },
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("Enter how many places there are"),
            "invalid": _("Enter a number of places from 1 to 500"),
            "min_value": _("Enter a number of places from 1 to 500"),
            "max_value": _("Enter a number of places from 1 to 500"),
        },
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("What it studies"),
        queryset=LearningItem.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose courses from the list"),
            "invalid_pk_value": _("Choose courses from the list"),
        },
    )


class AnnouncementForm(BilingualFormMixin, forms.Form):
    bilingual = ("text",)
    text = forms.CharField(
        label=_("Message to the members"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the message")},
    )


class ProgressForm(forms.Form):
    do = forms.ChoiceField(
        choices=[
            ("save", _("Save")),
            ("unsave", _("Remove from saved")),
            (Progress.Status.STARTED, _("Started")),
            (Progress.Status.DONE, _("Done")),
            (Progress.Status.NOT_STARTED, _("Not started")),
        ],
        error_messages={"required": _("Choose what to do"), "invalid_choice": _("Choose what to do")},
    )


class OwnerMixin:
    """Whose item or path it is: the platform's catalogue (empty), or one of the organisations the writer manages
    (`owners`, a queryset; the current owner is kept among them so that saving does not move it)."""

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Whose is it?"),
            queryset=owners if owners is not None else Organisation.objects.none(),
            required=False,
            empty_label=_("Everyone’s: the platform’s catalogue"),
            help_text=_("An organisation’s own items and paths are changed only by its managers."),
            error_messages={"invalid_choice": _("Choose an organisation you manage")},
        )


class LearningItemForm(OwnerMixin, BilingualFormMixin, forms.Form):
    """A course or material in the catalogue, its texts in English and Welsh."""

    bilingual = ("title", "summary", "body")
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the learning item a title")}
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text to read"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("You can use Markdown: **bold**, lists, and links."),
    )
    provider = SingleLineCharField(label=_("Provider"), max_length=200, required=False)
    link = forms.URLField(
        label=_("Link (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, for example https://example.org/course")},
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=0,
        max_value=100000,
        error_messages={
            "required": _("Enter the length in minutes"),
            "invalid": _("Enter the length as a whole number of minutes"),
            "min_value": _("Enter the length as a whole number of minutes"),
            "max_value": _("Enter the length as a whole number of minutes"),
        },
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=LearningItem.Level.choices,
        error_messages={"required": _("Choose a level"), "invalid_choice": _("Choose a level")},
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=LearningItem.Topic.choices,
        error_messages={"required": _("Choose a topic"), "invalid_choice": _("Choose a topic")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        error_messages={"required": _("Choose a language"), "invalid_choice": _("Choose a language")},
    )
    phone_friendly = forms.BooleanField(label=_("It works on a phone"), required=False)
    offline_friendly = forms.BooleanField(label=_("It can be read offline"), required=False)


ITEM_FIELDS = (
    "provider",
    "link",
    "minutes",
    "level",
    "topic",
    "language",
    "phone_friendly",
    "offline_friendly",
    "organisation",
)


class PathForm(OwnerMixin, BilingualFormMixin, forms.Form):
    bilingual = ("title", "description")
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the learning path a title")}
    )
    description = forms.CharField(
        label=_("What it is for"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=LearningItem.Topic.choices,
        error_messages={"required": _("Choose a topic"), "invalid_choice": _("Choose a topic")},
    )


class StepForm(forms.Form):
    """One change to a path's steps: add an item, or move or remove a step (buttons, so it works without JS)."""

    do = forms.ChoiceField(
        choices=[("add", _("Add")), ("up", _("Up")), ("down", _("Down")), ("remove", _("Remove"))],
        error_messages={"required": _("Choose what to do"), "invalid_choice": _("Choose what to do")},
    )
    item = forms.ModelChoiceField(
        label=_("Learning item to add"),
        queryset=LearningItem.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose an item"),
        error_messages={"invalid_choice": _("Choose a learning item from the list")},
    )
    step = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, path: LearningPath, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path

    def clean(self):
        data = super().clean()
        do = data.get("do")
        if do == "add" and not data.get("item"):
            self.add_error("item", _("Choose a learning item from the list"))
        if do in ("up", "down", "remove"):
            step = self.path.steps.filter(pk=data.get("step") or 0).first()
            if step is None:
                raise forms.ValidationError(_("That step is not on this path"))
            data["step_obj"] = step
        return data


class ActionPathForm(forms.Form):
    """The learning path an action (a journey round's next step) points to: one of the platform's or the
    organisation's own; empty for none."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["path"] = forms.ModelChoiceField(
            label=_("Learning path"),
            queryset=LearningPath.objects.filter(
                models.Q(organisation__isnull=True) | models.Q(organisation=organisation)
            ),
            to_field_name="slug",
            required=False,
            empty_label=_("None"),  # as the results page's own select says
            error_messages={"invalid_choice": _("Choose a learning path")},
        )
