"""Registration's views, one module per audience: public.py (the registration form), participant.py (a
participant's own registration), desk.py (the organisers' desk), checkin.py (the door), offline_desk.py (the
door's list, sync, worker and manifest for working offline) and badges.py. HTTP only; blueprint.py is the only
module that imports them."""
