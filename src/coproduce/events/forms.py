"""Every input of the events app (docs/adding-an-app.md, step 4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.engagements.models import Engagement
from coproduce.events.models import LANGUAGES, Event, Pitch, Room, Slot
from coproduce.networks.models import Network

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=_("A date and time, for example 2027-03-14 10:30"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={
            "required": _("Enter the date and time"),
            "invalid": _("Enter a real date and time, for example 2027-03-14 10:30"),
        },
    )


class EventForm(BilingualFormMixin, forms.Form):
    """Organisers create or edit an event: its texts in English and Welsh side by side, when, where and how many."""

    bilingual = ("title", "description", "place", "access_information")

    slug = forms.SlugField(
        label=_("Short name for the web address"),
        max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, for example gweithdy-llanfair"),
        error_messages={
            "required": _("Enter a short name for the web address"),
            "invalid": _("Use only lower-case letters, numbers and hyphens in the short name"),
        },
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices)
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter the event’s title")}
    )
    description = forms.CharField(
        label=_("Description (optional)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    place = SingleLineCharField(
        label=_("Place (optional)"),
        max_length=300,
        required=False,
        help_text=_("The building and the town; leave empty for an event held only online."),
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    quiet_room = forms.BooleanField(label=_("Quiet room"), required=False)
    welsh_provision = forms.BooleanField(label=_("Welsh-language provision"), required=False)
    access_information = forms.CharField(
        label=_("More about access (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Parking, the nearest bus stop, toilets, anything that helps people plan the day."),
    )
    online_url = forms.URLField(
        label=_("Online link (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Enter the online link as a web address, like https://meet.example.org/abc")},
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=0,
        max_value=100000,
        error_messages={
            "required": _("Enter how many places there are"),
            "invalid": _("Enter the number of places as a whole number, like 30"),
            "min_value": _("The number of places cannot be less than 0"),
            "max_value": _("The number of places must be 100000 or fewer"),
        },
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagement it belongs to (optional)"),
        queryset=Engagement.objects.none(),
        required=False,
        empty_label=_("No engagement"),
    )
    network = forms.ModelChoiceField(
        label=_("Network it belongs to (optional)"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("No network"),
    )
    published = forms.BooleanField(label=_("Published: anyone can see it and register"), required=False, initial=True)

    def __init__(self, *args, organisation, event: Event | None = None, engagement: Engagement | None = None, **kwargs):
        """`engagement`, when given, is the event's engagement, fixed: an engagement's manager who is not an admin of
        the organisation creates and edits events of their engagement only, and cannot move one to another."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.fixed_engagement = engagement
        self.fields["engagement"].queryset = Engagement.objects.filter(organisation=organisation).order_by("pk")
        self.fields["network"].queryset = (
            Network.objects.filter(members__organisation=organisation, members__status="active")
            .distinct()
            .order_by("pk")
        )
        if event is not None:
            del self.fields["slug"]  # the web address people were given stays the same
        if engagement is not None:
            del self.fields["engagement"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Event.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another event already has this short name: choose another"))
        return slug

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def details(self) -> dict:
        """What the action takes besides the texts."""
        names = (
            *("kind", "starts_at", "ends_at", "online_url", "capacity", "engagement", "network", "published"),
            *("step_free", "hearing_loop", "quiet_room", "welsh_provision"),
        )
        details = {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
        if self.fixed_engagement is not None:
            details["engagement"] = self.fixed_engagement
        return details


class ReleaseForm(forms.Form):
    """A batch of places that opens at a set time."""

    opens_at = _when(_("Opens"))
    places = forms.IntegerField(
        label=_("Places in this batch"),
        min_value=1,
        max_value=100000,
        error_messages={
            "required": _("Enter how many places the batch releases"),
            "invalid": _("Enter the number of places as a whole number, like 30"),
            "min_value": _("A batch releases at least 1 place"),
            "max_value": _("The number of places must be 100000 or fewer"),
        },
    )


class RegistrationForm(forms.Form):
    name = SingleLineCharField(label=_("Your name"), max_length=200)
    language = forms.ChoiceField(label=_("Which language do you prefer on the day?"), choices=LANGUAGES, initial="en")
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        help_text=_("Only the organisers see this."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs (optional)"),
        help_text=_("Only the organisers see this."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssistedRegistrationForm(RegistrationForm):
    email = forms.EmailField(label=_("Email address (optional)"), required=False)


class PitchForm(forms.Form):
    title = SingleLineCharField(label=_("Session title"), max_length=150)
    summary = SingleLineCharField(label=_("In a line: what it is about (optional)"), max_length=300, required=False)
    host_name = SingleLineCharField(label=_("Who hosts it"), max_length=120)
    language = forms.ChoiceField(label=_("Language of the session"), choices=LANGUAGES, initial="en")


class NoteForm(forms.Form):
    text = SingleLineCharField(label=_("A point from the session"), max_length=400, min_length=5)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")


class RoomForm(forms.Form):
    name = SingleLineCharField(
        label=_("Room name"), max_length=100, error_messages={"required": _("Enter the room’s name")}
    )
    capacity = forms.IntegerField(
        label=_("People it holds"),
        min_value=1,
        max_value=2000,
        error_messages={
            "required": _("Enter how many people the room holds"),
            "invalid": _("Enter how many people the room holds as a whole number, like 12"),
            "min_value": _("A room holds at least 1 person"),
            "max_value": _("A room holds 2000 people or fewer"),
        },
    )


class SlotForm(forms.Form):
    starts_at = forms.TimeField(label=_("Starts (for example 10:30)"))
    ends_at = forms.TimeField(label=_("Ends (for example 11:15)"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class PitchSelect(forms.Select):
    """A choice of sessions, each option marked with the language its title was written in when it is not the
    page's (a screen reader then reads "Llythyrau dwyieithog" in Welsh on an English page)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pitch = getattr(value, "instance", None)
        if pitch is not None and pitch.language != get_language()[:2]:
            option["attrs"]["lang"] = pitch.language
        return option


class PinForm(forms.Form):
    pitch = forms.ModelChoiceField(
        label=_("Session"), queryset=Pitch.objects.none(), empty_label=_("Choose a session"), widget=PitchSelect
    )
    place = forms.ChoiceField(label=_("Place"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pitch"].queryset = event.pitches.all()
        rooms: list[Room] = list(event.rooms.all())
        slots: list[Slot] = list(event.slots.all())
        self.fields["place"].choices = [("", _("Not pinned"))] + [
            (f"{s.pk}-{r.pk}", f"{s.starts_at:%H:%M} · {r.name}") for s in slots for r in rooms
        ]
        self.fields["place"].required = False
        self.slots = {s.pk: s for s in slots}
        self.rooms = {r.pk: r for r in rooms}

    def chosen_place(self) -> tuple[Slot | None, Room | None]:
        value = self.cleaned_data.get("place")
        if not value:
            return None, None
        slot, room = (int(v) for v in value.split("-"))
        return self.slots[slot], self.rooms[room]
