"""URL rules of the travel stage. Each part of the stage keeps its views, forms and hooks in its own modules and
adds its rules in its own section here, so the parts' lines merge apart."""

from flask import Blueprint

bp = Blueprint("travel", __name__)

_TRAVEL = "/forums/<slug>/travel"
_OWN = "/forums/<slug>/registration/<token>"  # a participant's own pages by their private link (registration.own)
_MINE = "/forums/<slug>/my-registration"  # ... and through their account

# --- support: offered singly or in bulk from the desk, accepted or declined by the person (support_*.py) ---------


# --- travel details: settings, hotels, the second form, the organisers' copy of it (details_*.py) ----------------


# --- the lists: arrivals and departures, rooming, per diem, dietary and accessibility (lists_*.py) ---------------
