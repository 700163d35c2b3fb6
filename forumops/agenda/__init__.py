"""The programme: days, items, rooms, people in roles, conflicts; calendars and the PDF programme."""
