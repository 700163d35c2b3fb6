"""Invitation letters: a participant asks from their private page, an organiser approves, the letter is issued
(certificates.issuing) and downloaded by the person and the organisers, drawn on the fly by pdf.papers."""
