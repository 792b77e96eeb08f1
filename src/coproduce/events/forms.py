"""Every input of the events app (docs/adding-an-app.md, step 4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import SingleLineCharField
from coproduce.events.models import LANGUAGES, Pitch, Room, Slot


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
    name = SingleLineCharField(label=_("Room name"), max_length=100)
    capacity = forms.IntegerField(label=_("People it holds"), min_value=1, max_value=2000)


class SlotForm(forms.Form):
    starts_at = forms.TimeField(label=_("Starts (for example 10:30)"))
    ends_at = forms.TimeField(label=_("Ends (for example 11:15)"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class PinForm(forms.Form):
    pitch = forms.ModelChoiceField(label=_("Session"), queryset=Pitch.objects.none(), empty_label=_("Choose a session"))
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
