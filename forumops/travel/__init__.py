"""Getting people there: what the organisers fund for whom, travel and accommodation details, the lists the venue
and the airport pickup need."""
