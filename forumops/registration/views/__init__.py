"""Registration's views, one module per audience: public.py (the registration form), participant.py (a
participant's own registration), desk.py (the organisers' desk), checkin.py (the door) and badges.py.
HTTP only; blueprint.py is the only module that imports them."""
