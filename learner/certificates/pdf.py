"""The certificate as a PDF: A4 landscape, in Spanish, small enough to share on WhatsApp.

fpdf2's core fonts (Helvetica, not embedded) and a QR code drawn as vector rectangles keep the
file at a few kilobytes; no image library is involved."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from learner.certificates.awards import format_code
from learner.models import Certificate

BRAND = (106, 27, 110)
INK = (29, 29, 31)
MUTED = (85, 85, 85)
ENCODING = "windows-1252"  # what the PDF core fonts can show (WinAnsi): Spanish fits
QR_X, QR_Y, QR_SIZE = 236, 110, 44  # mm, bottom right; 44 mm scans well from paper and screen


@dataclass(frozen=True)
class Partner:
    name: str
    logo: str        # the organisation's name as a text logo
    signatory: str   # the line under the signature
    position: str = ""


def printable(text: str) -> str:
    """Text the core fonts can show: accents and ñ stay; anything else loses its accent or
    becomes '?', rather than failing the whole certificate."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode(ENCODING)
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode(ENCODING, "ignore").decode(ENCODING)
            out.append(base or "?")
    return "".join(out)


class _Pdf(FPDF):
    def text_line(self, text: str, size: float, style: str = "", colour=INK, h: float = 0) -> None:
        self.set_font("Helvetica", style, size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin)
        self.cell(0, h or size * 0.5, printable(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _frame(pdf: _Pdf) -> None:
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, 281, 194)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, 275, 188)


def _qr(pdf: _Pdf, url: str, x: float, y: float, size: float) -> None:
    """Dark modules as filled rectangles, one per horizontal run: vector, sharp, tiny."""
    matrix = segno.make(url, error="m", micro=False).matrix
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, bits in enumerate(matrix):
        col = 0
        while col < len(bits):
            if not bits[col]:
                col += 1
                continue
            start = col
            while col < len(bits) and bits[col]:
                col += 1
            pdf.rect(x + start * cell, y + row * cell, (col - start) * cell, cell, style="F")


def _partners(pdf: _Pdf, partners: Sequence[Partner], width: float) -> None:
    if not partners:
        return
    slot = width / len(partners)
    for i, partner in enumerate(partners):
        x = 20 + i * slot
        pdf.set_xy(x, 150)
        pdf.set_font("Helvetica", "B", 13)
        pdf.set_text_color(*BRAND)
        pdf.cell(slot - 6, 7, printable(partner.logo), align="C")
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.3)
        pdf.line(x + 8, 174, x + slot - 14, 174)
        for line_y, text, style in ((176, partner.signatory, "B"), (181, partner.position, ""),
                                    (186, partner.name, "")):
            pdf.set_xy(x, line_y)
            pdf.set_font("Helvetica", style, 9)
            pdf.set_text_color(*INK if style else MUTED)
            pdf.cell(slot - 6, 5, printable(text), align="C")


def _body(pdf: _Pdf, cert: Certificate, programme: str) -> None:
    pdf.set_margins(20, 20, 20)
    pdf.set_y(24)
    pdf.text_line(programme.upper(), 12, "B", BRAND, h=7)
    pdf.text_line(_("Certificado de finalización"), 30, "B", BRAND, h=16)
    pdf.text_line(_("Se otorga a"), 13, colour=MUTED, h=10)
    pdf.text_line(cert.learner_name, 26, "B", h=14)
    pdf.text_line(_("por haber completado el módulo"), 13, colour=MUTED, h=10)
    pdf.text_line(cert.module_title, 22, "B", BRAND, h=12)
    when = format_date(cert.issued_at.date(), format="long", locale="es")
    details = _("%(hours)d horas · %(date)s", hours=cert.hours, date=when)
    if cert.centre_name:
        details += " · " + cert.centre_name
    pdf.text_line(details, 12, colour=MUTED, h=9)


def render_pdf(cert: Certificate, qr_url: str, verify_url: str,
               partners: Sequence[Partner], programme: str) -> bytes:
    """The certificate PDF, always in Spanish (the learner's UI language may differ)."""
    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_auto_page_break(False)
    pdf.set_author(printable(programme))
    pdf.set_lang("es")
    with force_locale("es"):
        pdf.set_title(printable(f"{_('Certificado')} {cert.module_title} - {cert.learner_name}"))
        pdf.add_page()
        _frame(pdf)
        _body(pdf, cert, programme)
        _partners(pdf, partners, 205)
        _qr(pdf, qr_url, QR_X, QR_Y, QR_SIZE)
        _code(pdf, cert, verify_url)
    return bytes(pdf.output())


def _code(pdf: _Pdf, cert: Certificate, verify_url: str) -> None:
    """Under the QR: the code to type and the online address, for those who cannot scan."""
    top, left, width = QR_Y + QR_SIZE + 1, QR_X - 6, QR_SIZE + 12
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(left, top)
    pdf.cell(width, 4, printable(_("Código de verificación")), align="C")
    pdf.set_xy(left, top + 4)
    pdf.set_font("Courier", "B", 10)
    pdf.set_text_color(*INK)
    pdf.cell(width, 5, format_code(cert.code), align="C")
    pdf.set_xy(left, top + 10)
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(width, 3.5, printable(verify_url), align="C")
