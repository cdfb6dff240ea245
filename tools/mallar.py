"""Generate the Word templates (mallar/*.docx) of each workspace from one house-style spec.

The templates are ordinary Word files: after generation a person may restyle them in Word
(logo, fonts, header) without touching code. Run `make mallar` to regenerate; the diff of
the extracted text is reviewed like any golden file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from kanslist.pipeline.write import normalise_zip, write_atomic  # noqa: E402


@dataclass
class House:
    """What an organisation's own templates change in Word: the typeface (and what a person restyles by hand).

    The wording and order of the sections, the header fields and the "Till" line are configuration
    (stil in data/organisation.yaml), so one template serves every organisation.
    """

    font: str = "Arial"


HOUSES = {
    "kommun": House(),
    "namnd": House(font="Times New Roman"),
    "region": House(font="Calibri"),
}

# Where each house style's templates live: the package's defaults (used by every workspace
# without templates of its own) and the two examples that are restyled.
WORKSPACES = {"src/kanslist/resources": "kommun", "examples/socialnamnden": "namnd", "examples/region": "region"}


# ---- the building blocks -------------------------------------------------------------------
def base_document(house: House):
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    section.header_distance = Cm(1.0)
    styles = doc.styles
    # Swedish as the document language (spell checking, hyphenation, screen readers).
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr_default.findall(qn("w:lang")):
        rpr_default.remove(old)
    rpr_default.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is not None:
        rpr_default.remove(fonts)
    rpr_default.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{house.font}" w:hAnsi="{house.font}" w:cs="{house.font}" w:eastAsia="{house.font}"/>'))
    normal = styles["Normal"]
    normal.font.name = house.font
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 18), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5), ("Heading 4", 11)):
        style = house_font(styles[name], house, size)
        style.font.bold = True
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(4)
    # The line under the title (underrubrik): the house's typeface, black, in the title's voice but smaller.
    subtitle = house_font(styles["Subtitle"], house, 12)
    for spacing in subtitle.element.rPr.findall(qn("w:spacing")):  # python-docx's Subtitle is letter-spaced
        subtitle.element.rPr.remove(spacing)
    subtitle.paragraph_format.space_after = Pt(8)
    # The header's own tab stops (office | label, date, page) replace the style's centre/right stops.
    styles["Header"].paragraph_format.tab_stops.clear_all()
    styles["Header"].font.size = Pt(9.5)  # five header fields (Göteborg) fit beside the label
    if "Hyperlink" not in [s.name for s in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
    return doc


def house_font(style, house: House, size: float):
    """Give ``style`` the house's typeface at ``size``, upright and black, instead of Word's theme fonts."""
    style.font.name = house.font
    style.font.size = Pt(size)
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts is not None and rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    return style


def para(container, text: str = "", style: str | None = None, bold: bool = False):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
    return p


def expression(text: str) -> str | None:
    """Return the Jinja expression of a text that is one {{ … }} tag ("etikett.ovriga"), else None."""
    text = text.strip()
    return text[2:-2].strip() if text.startswith("{{") and text.endswith("}}") else None


def jinja(container, tag: str):
    """A paragraph that holds only a docxtpl paragraph tag ({%p ... %} or {{p ... }})."""
    return container.add_paragraph(tag)


def field_run(paragraph, instr: str):
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def placeholder_png(width: int = 350, height: int = 100) -> bytes:
    """A grey box with a dark frame and a cross: where the organisation's logo goes (identitet.logotyp).

    Written by hand (zlib, no imaging library) so that the same code gives the same bytes.
    """
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 (none) for each scanline
        for x in range(width):
            edge = x < 3 or y < 3 or x >= width - 3 or y >= height - 3
            cross = abs(x * height - y * width) < 2 * width or abs((width - 1 - x) * height - y * width) < 2 * width
            row += b"\x80\x80\x80" if edge or cross else b"\xe8\xe8\xe8"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def logo_placeholder(head, doc):
    """The first page's logo: a picture named Logotyp that kanslist swaps for identitet.logotyp.

    Printed only when the organisation has a logo; in Word it may be moved or resized (keep its name).
    """
    head.paragraphs[0].add_run("{%p if identitet.logotyp %}")
    p = head.add_paragraph(style=doc.styles["Header"])
    p.paragraph_format.space_after = Pt(6)
    p.add_run().add_picture(io.BytesIO(placeholder_png()), width=Cm(3.5))
    docpr = p._p.xpath(".//wp:docPr")[0]
    docpr.set("name", "Logotyp")
    docpr.set("descr", "Logotyp")
    head.add_paragraph("{%p endif %}", style=doc.styles["Header"])


def header(doc, label: str = "{{ organisation.dokumentnamn }}", house_style: bool = True):
    """Writing office, document label, the header fields of stil.sidhuvud, the page number in the
    organisation's style (real PAGE/NUMPAGES fields) on every page, and the identity in the footer.
    The first page has its own header with the organisation's logo (identitet.logotyp) on top."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header_rows(doc, section.header, label, house_style)  # made first: it stays word/header1.xml
    logo_placeholder(section.first_page_header, doc)
    header_rows(doc, section.first_page_header, label, house_style)
    if not house_style:  # the consolidated response (kanslist samla) has no case's header fields nor footer
        return
    for foot in (section.footer, section.first_page_footer):
        footer_rows(foot)


def header_rows(doc, head, label: str, house_style: bool):
    head.is_linked_to_previous = False
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    first = head.paragraphs[-1] if not head.paragraphs[-1].text.startswith("{%p") else head.add_paragraph()
    rows = [first] + [head.add_paragraph() for _ in range(9 if house_style else 2)]
    for i, p in enumerate(rows):
        p.style = doc.styles["Header"]
        p.paragraph_format.tab_stops.add_tab_stop(Cm(9.5), WD_TAB_ALIGNMENT.LEFT)
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        p.paragraph_format.space_after = Pt(0)
        if i or house_style:
            # A hanging indent at the field column: a long field (two handläggare), or a long document
            # name, wraps under itself.
            p.paragraph_format.left_indent = Cm(9.5)
            p.paragraph_format.first_line_indent = Cm(-9.5)
        if i:
            p.paragraph_format.keep_together = True
    if not house_style:  # the consolidated response (kanslist samla): the office, the date, the page, the dnr
        rows[0].add_run("{{ fran.namn }}").bold = True
        rows[0].add_run("\t" + label).bold = True
        rows[1].add_run("\t{{ datum }}\tSida ")
        field_run(rows[1], "PAGE")
        rows[1].add_run(" av ")
        field_run(rows[1], "NUMPAGES")
        rows[2].add_run("\t{{ 'Dnr ' ~ dnr if dnr else '' }}")
        return
    # stil.sidhuvud_avsandare: the writing office first; without it the document's name starts at the margin.
    # stil.sidnummer_plats: dokumentnamn, and the columns form, put the page number on this line.
    rows[0].add_run("{{ sidhuvud_avsandare }}{% if sidhuvud_avsandare %}\t{% endif %}").bold = True
    rows[0].add_run(label).bold = True
    rows[0].add_run("{% if sidnummer_overst %}\t")
    page_number_runs(rows[0])
    rows[0].add_run("{% endif %}")
    # stil.sidhuvud_form: kolumner – the labels over the values, side by side, in a borderless table.
    rows[1].add_run("{%p if sidhuvud_kolumner %}")
    header_columns(doc, head, rows[2])
    # After the table a paragraph (Word ends a header with one), which also spaces the title from the grid.
    spacer = rows[2].insert_paragraph_before("", style=doc.styles["Header"])
    spacer.paragraph_format.space_after = Pt(6)
    rows[2].add_run("{%p else %}")
    # The form rader: the first field shares its line with the page number (unless that stands on the
    # document name's line), the others follow one a line; no fields and the page number elsewhere (or
    # none): no empty line.
    rows[3].add_run("{%p if sidhuvud or (sidnummer.stil and not sidnummer_overst) %}")
    rows[4].add_run("\t{{ sidhuvud[0].text if sidhuvud else '' }}{% if not sidnummer_overst %}\t")
    page_number_runs(rows[4])
    rows[4].add_run("{% endif %}")
    rows[5].add_run("{%p endif %}")
    rows[6].add_run("{%p for falt in sidhuvud[1:] %}")
    rows[7].add_run("\t{{ falt.text }}")
    rows[8].add_run("{%p endfor %}")
    rows[9].add_run("{%p endif %}")

def page_number_runs(paragraph):
    """The page number in the organisation's style (stil.sidnummer) as real PAGE and NUMPAGES fields; none
    when the style is empty."""
    paragraph.add_run("{% if sidnummer.stil %}{{ sidnummer.fore }}")
    field_run(paragraph, "PAGE")
    paragraph.add_run("{{ sidnummer.mellan }}{% if sidnummer.sidor %}")
    field_run(paragraph, "NUMPAGES")
    paragraph.add_run("{% endif %}{{ sidnummer.efter }}{% endif %}")


def header_columns(doc, head, after):
    """The header fields as columns: for each row of stil.sidhuvud a row of small labels (left out when no
    field has one) over a row of values, one column per field ({%tc %}); the field sida is the page number.
    The build spreads the table's grid over the columns it gets."""
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    table = head.add_table(rows=6, cols=3, width=width)
    after._p.addprevious(table._tbl)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "pct")  # the whole width in Word too, which fits the columns to their text
    table_width.set(qn("w:w"), "5000")
    table._tbl.tblPr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="Sidhuvudets fält"/>'))
    for width_of_cell in list(table._tbl.iter(qn("w:tcW"))):  # Word sizes the columns by content, LibreOffice by the grid
        width_of_cell.getparent().remove(width_of_cell)
    for row, tag in ((0, "{%tr for rad in sidhuvud_rader %}"), (1, "{%tr if rad|selectattr('etikett')|list %}"),
                     (3, "{%tr endif %}"), (5, "{%tr endfor %}")):
        table.rows[row].cells[0].paragraphs[0].add_run(tag)
    for row in (table.rows[2], table.rows[4]):
        for cell in row.cells:
            cell.paragraphs[0].style = doc.styles["Header"]
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        row.cells[0].paragraphs[0].add_run("{%tc for falt in rad %}")
        row.cells[2].paragraphs[0].add_run("{%tc endfor %}")
    table.rows[2].cells[1].paragraphs[0].add_run("{{ falt.etikett }}").font.size = Pt(8)
    value = table.rows[4].cells[1].paragraphs[0]
    value.add_run("{% if falt.namn == 'sida' %}")
    page_number_runs(value)
    value.add_run("{% else %}{{ falt.varde }}{% endif %}")


def footer_rows(foot):
    foot.is_linked_to_previous = False
    first = foot.paragraphs[0]
    first.add_run("{%p for rad in identitet.rader %}")
    line = foot.add_paragraph()
    line.alignment = 1  # centred
    line.paragraph_format.space_after = Pt(0)
    line.add_run("{{ rad }}").font.size = Pt(8)
    foot.add_paragraph("{%p endfor %}")


def md(doc, expr: str, level: int = 3):
    jinja(doc, "{{p " + expr + f"|markdown({level}) }}}}")


# ---- the sections of a tjänsteskrivelse ----------------------------------------------------
def listed_section(doc, heading: str, variable: str, line: str, style: str | None = None):
    """A heading and one paragraph per item of ``variable``; nothing at all when it is empty."""
    jinja(doc, f"{{%p if {variable} %}}")
    doc.add_heading(heading, 2)
    jinja(doc, f"{{%p for item in {variable} %}}")
    para(doc, line, style=style)
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")


def section(doc, house: House, name: str, kind: str):
    """One section of the loop over ``avsnitt_i_ordning``: its heading, lines, bullets and Markdown.

    The order and the headings are the organisation's (stil.ordning, stil.rubriker), so one
    template serves every organisation; ``name`` is the kind's own content inside a section.
    """
    if name == "sammanfattning" and kind == "motionssvar":
        jinja(doc, "{%p if del.namn == 'sammanfattning' %}")
        para(doc, "En motion har inkommit från {{ motion.forslagsstallare }} där de yrkar", style="List Bullet")
        jinja(doc, "{%p for yrkande in motion.yrkanden %}")
        para(doc, "Att: {{ yrkande }}")
        jinja(doc, "{%p endfor %}")
        jinja(doc, "{%p endif %}")
    elif name == "arendet" and kind == "revisionssvar":
        jinja(doc, "{%p if del.namn == 'arendet' %}")
        para(doc, "Rekommendationer med {{ fran.genitiv_liten }} svar:")
        jinja(doc, "{%p for rek in rekommendationer %}")
        doc.add_heading("{{ 'Rekommendation ' ~ rek.nr ~ ': ' if rek.numrerad else '' }}{{ rek.rubrik }}", 3)
        md(doc, "rek.rekommendation", 4)
        jinja(doc, "{%p if rek.stallningsmening %}")
        para(doc, "{{ fran.genitiv }} svar: {{ rek.stallningsmening }}")
        jinja(doc, "{%p endif %}")
        md(doc, "rek.svar", 4)
        jinja(doc, "{%p endfor %}")
        jinja(doc, "{%p endif %}")
    elif name == "arendet" and kind == "aterrapport":
        jinja(doc, "{%p if del.namn == 'arendet' %}")
        para(doc, "Uppdraget beslutades {{ uppdrag.beslutat }}"
                  "{{ ' med återrapport senast ' ~ uppdrag.aterrapport_senast if uppdrag.aterrapport_senast else '' }}.")
        jinja(doc, "{%p endif %}")
    elif name == "allmant":
        jinja(doc, "{%p if del.underrubrik %}")  # stil.rubriker.beslut_underrubrik: "Kommunstyrelsens beslut"
        doc.add_heading("{{ del.underrubrik }}", 3)
        jinja(doc, "{%p endif %}")
        jinja(doc, "{%p if del.intro %}")
        para(doc, "{{ del.intro }}")
        jinja(doc, "{%p endif %}")
        jinja(doc, "{%p for rad in del.rader %}")
        para(doc, "{{ rad }}")
        jinja(doc, "{%p endfor %}")
        jinja(doc, "{%p for rad in del.punkter %}")
        para(doc, "{{ rad }}", style="List Bullet")
        jinja(doc, "{%p endfor %}")
        md(doc, "del.text")


def tjansteskrivelse(house: House, kind: str):
    doc = base_document(house)
    header(doc)
    jinja(doc, "{%p if sekretess %}")
    para(doc, "Sekretess enligt {{ sekretess.grund }}", bold=True)
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if till_rad %}")
    para(doc, "{{ till_rad }}")  # stil.till_rad: "Till<tab>Kommunstyrelsen", only the name, or no line
    jinja(doc, "{%p endif %}")
    doc.add_heading("{{ rubrik }}", 1)
    jinja(doc, "{%p if underrubrik %}")
    para(doc, "{{ underrubrik }}", style="Subtitle")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if dnr_rad %}")
    para(doc, "{{ dnr_rad }}")  # stil.dnr_rad: "Dnr 4468-2017" under the title
    jinja(doc, "{%p endif %}")
    # A section with nothing in it is not printed, heading included, unless the kind fills it.
    own = {"revisionssvar": "arendet", "motionssvar": "sammanfattning", "aterrapport": "arendet"}.get(kind)
    jinja(doc, "{%p for del in avsnitt_i_ordning %}")
    jinja(doc, "{%p if not del.tom" + (f" or del.namn == '{own}'" if own else "") + " %}")
    jinja(doc, "{%p if del.rubrik %}")
    doc.add_heading("{{ del.rubrik }}", 2)
    jinja(doc, "{%p endif %}")
    section(doc, house, "sammanfattning", kind)
    section(doc, house, "allmant", kind)
    section(doc, house, "arendet", kind)
    # Who signs (stil.underskrifter), side by side: one column per person, where stil.ordning puts it.
    jinja(doc, "{%p if del.namn == 'underskrifter' %}")
    para(doc, "")
    jinja(doc, "{%p if underskrift_organ %}")
    para(doc, "{{ underskrift_organ }}")
    jinja(doc, "{%p endif %}")
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].paragraphs[0].add_run("{%tc for u in underskrifter %}")
    cells[1].paragraphs[0].paragraph_format.space_before = Pt(30)
    cells[1].paragraphs[0].add_run("{{ u.namn }}")
    cells[1].add_paragraph("{{ u.titel }}")
    cells[2].paragraphs[0].add_run("{%tc endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")
    return doc


def signatories(doc):
    """The signature of a letter to another body: for the deciding body (never the office that wrote it),
    by each of ``undertecknare``."""
    jinja(doc, "{%p if undertecknare %}")
    para(doc, "{{ beslutsinstans.versaler }}", bold=True)
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for person in undertecknare %}")
    para(doc, "")
    para(doc, "{{ person.namn }}")
    para(doc, "{{ person.titel }}")
    jinja(doc, "{%p endfor %}")


def svar_till_revisorerna(house: House):
    """The letter to the auditors (seed 003): grouped by whom the recommendations are aimed at, signed."""
    doc = base_document(house)
    header(doc, label="SVAR PÅ REVISIONSRAPPORT")
    doc.add_heading("{{ rubrik }}", 1)
    jinja(doc, "{%p if granskning.uppdragsgivare and granskning.rapportdatum %}")
    para(doc, "{{ granskning.uppdragsgivare[:1]|upper ~ granskning.uppdragsgivare[1:] }} har i brev den "
              "{{ granskning.rapportdatum }} bett om {{ fran.genitiv_liten }} kommentarer och synpunkter på "
              "revisionsrapporten \"{{ granskning.titel }}\".")
    jinja(doc, "{%p endif %}")
    md(doc, "arendet", 2)  # the introduction comes before the answers
    jinja(doc, "{%p for grupp in grupper %}")
    jinja(doc, "{%p if grupp.riktad_till %}")
    doc.add_heading("Svar på revisionens rekommendationer till {{ grupp.riktad_till }}", 2)
    para(doc, "{{ grupp.inledning }}")
    jinja(doc, "{%p else %}")
    doc.add_heading("Svar på revisionens rekommendationer", 2)
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for rek in grupp.rekommendationer %}")
    doc.add_heading("{{ rek.rubrik }}", 3)
    md(doc, "rek.rekommendation", 4)  # the auditors' own words, as written (italics by Markdown)
    jinja(doc, "{%p if rek.stallningsmening %}")
    para(doc, "{{ rek.stallningsmening }}")
    jinja(doc, "{%p endif %}")
    md(doc, "rek.svar", 4)
    jinja(doc, "{%p if rek.atgarder %}")
    para(doc, "Åtgärder:", bold=True)
    jinja(doc, "{%p for a in rek.atgarder %}")
    para(doc, "{{ a.atgard }}{{ ' – ansvarig: ' ~ a.ansvarig if a.ansvarig else '' }}"
              "{{ ', klart ' ~ a.klart if a.klart else '' }} ({{ a.status|lower }})", style="List Bullet")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endfor %}")
    para(doc, "")
    signatories(doc)
    return doc


def yttrande(house: House):
    """A consultation response (remissyttrande) to the authority that sent it, signed for the deciding body."""
    doc = base_document(house)
    header(doc, label="YTTRANDE")
    # The recipient and its address as one block, lines without space between (an address field).
    jinja(doc, "{%p if remiss.mottagare_rad %}")
    para(doc, "{{ remiss.mottagare_rad }}", style="No Spacing")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for rad in remiss.adress %}")
    para(doc, "{{ rad }}", style="No Spacing")
    jinja(doc, "{%p endfor %}")
    para(doc, "", style="No Spacing")
    jinja(doc, "{%p if remiss.er_beteckning and not remiss.beteckning_efter_rubrik %}")
    para(doc, "{{ remiss.er_beteckning }}")
    jinja(doc, "{%p endif %}")
    doc.add_heading("{{ rubrik }}", 1)
    jinja(doc, "{%p if remiss.er_beteckning and remiss.beteckning_efter_rubrik %}")
    para(doc, "{{ remiss.er_beteckning }}")
    jinja(doc, "{%p endif %}")
    md(doc, "yttrande", 2)
    para(doc, "")
    signatories(doc)
    return doc


def styrdokument(house: House):
    """The governing document itself (seed 004), with its metadata table."""
    doc = base_document(house)
    header(doc, label="{{ styrdokument.dokumenttyp|upper }}")
    doc.add_heading("{{ rubrik }}", 1)
    jinja(doc, "{%p if underrubrik %}")  # a line under the title, as the tjänsteskrivelse has it
    para(doc, "{{ underrubrik }}", style="Subtitle")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if styrdokument.metadata %}")  # every row's label empty (stil.dokumentfalt): no table at all
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    # A header row, repeated on each page, so screen readers announce the columns.
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for cell, label in zip(table.rows[0].cells, ("Uppgift", "Värde")):
        cell.paragraphs[0].add_run(label).bold = True
    table_row_cells = table.add_row().cells
    table_row_cells[0].paragraphs[0].add_run("{%tr for m in styrdokument.metadata %}")
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run("{{ m.etikett }}").bold = True
    cells[1].paragraphs[0].add_run("{{ m.varde }}")
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    jinja(doc, "{%p endif %}")
    md(doc, "styrdokument.inledning", 2)
    jinja(doc, "{%p if styrdokument.definitioner %}")
    doc.add_heading("Definitioner", 2)
    jinja(doc, "{%p for d in styrdokument.definitioner %}")
    para(doc, "{{ d.term }} = {{r d.definition|inline }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    md(doc, "arendet", 2)
    jinja(doc, "{%p if styrdokument.hanvisningar %}")
    doc.add_heading("Hänvisningar", 2)
    jinja(doc, "{%p for h in styrdokument.hanvisningar %}")
    para(doc, "{{ h }}", style="List Bullet")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    return doc


# ---- the auditors' deliverables: action plan and consolidated response (issue 4) -------------
def table_text_style(doc):
    """The paragraph style of table cells: smaller than body text, no space after."""
    if "Tabelltext" not in [s.name for s in doc.styles]:
        style = doc.styles.add_style("Tabelltext", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(9.5)
        style.paragraph_format.space_after = Pt(0)
    return doc.styles["Tabelltext"]


def table_grid(doc, headings: list[str], widths_cm: list[float] | None = None):
    """A table (full width when ``widths_cm`` is given) with a bold header row that Word repeats on every page."""
    style = table_text_style(doc)
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths_cm or []):
        column.width = Cm(width)  # the grid: LibreOffice lays out by it, Word by the cells
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for i, (cell, text) in enumerate(zip(head.cells, headings)):
        if widths_cm:
            cell.width = Cm(widths_cm[i])
        cell.paragraphs[0].style = style
        cell.paragraphs[0].add_run(text).bold = True
    return table


def table_row(table, texts: list[str], widths_cm: list[float] | None = None):
    """A row of ``texts``; a row holding one {%tr %} tag is replaced by the tag when rendered."""
    cells = table.add_row().cells
    for i, (cell, text) in enumerate(zip(cells, texts)):
        if widths_cm:
            cell.width = Cm(widths_cm[i])
        cell.paragraphs[0].style = table.part.document.styles["Tabelltext"]
        if text:
            cell.paragraphs[0].add_run(text)
    return cells


def landscape(doc, margin_cm: float = 2.0, new_section: bool = False):
    """Turn the document (or, with ``new_section``, what follows from a new page) landscape."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE) if new_section else doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(margin_cm)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)


def atgardsplan(house: House):
    """The action plan: one table row per action, each recommendation once (merged) beside its actions."""
    doc = base_document(house)
    landscape(doc)
    header(doc, label="ÅTGÄRDSPLAN")
    doc.add_heading("Åtgärdsplan: {{ rubrik }}", 1)
    para(doc, "Åtgärder med anledning av revisionsrapporten \"{{ granskning.titel }}\""
              "{{ ' (' ~ granskning.revisionsbyra ~ ')' if granskning.revisionsbyra else '' }}"
              "{{ ', daterad ' ~ granskning.rapportdatum if granskning.rapportdatum else '' }}. "
              "Ställningstagande och status enligt {{ fran.genitiv_liten }} svar {{ datum }}.")
    widths = [1.1, 5.4, 3.6, 7.6, 3.5, 2.4, 2.1]  # 25.7 cm: landscape A4 less the margins
    table = table_grid(doc, ["Nr", "Rekommendation", "Ställningstagande", "Åtgärd", "Ansvarig", "Klart senast",
                             "Status"], widths)
    table_row(table, ["{%tr for rek in atgardsplan.grupper %}"], widths)
    table_row(table, ["{%tr for rad in rek.rader %}"], widths)
    table_row(table, ["{% vm %}{{ rek.nr }}", "{% vm %}{{ rek.rubrik }}", "{% vm %}{{ rek.stallningstagande }}",
                      "{{ rad.atgard }}", "{{ rad.ansvarig }}", "{{ rad.klart }}", "{{ rad.status }}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    para(doc, "")
    para(doc, "Uppföljning: {{ atgardsplan.summering }}")
    return doc


def samlat_svar(house: House):
    """The consolidated response to the auditors: every recommendation, every body's answer, a matrix."""
    doc = base_document(house)
    header(doc, label="SVAR PÅ REVISIONSRAPPORT", house_style=False)
    doc.add_heading("Samlat svar på revisionsrapporten \"{{ granskning.titel }}\"", 1)
    para(doc, "{{ granskning.avsandare }} har i rapport{{ ' den ' ~ granskning.rapportdatum if granskning.rapportdatum else '' }}"
              " lämnat rekommendationer i granskningen \"{{ granskning.titel }}\""
              "{{ ', genomförd av ' ~ granskning.revisionsbyra if granskning.revisionsbyra else '' }}. "
              "Här sammanställs svaren från {{ instanser_text }}: rekommendation för rekommendation, "
              "i en sammanfattande matris och med de åtgärder som planeras.")
    jinja(doc, "{%p if granskning.revisionsfraga %}")
    para(doc, "Revisionsfråga: {{r granskning.revisionsfraga|inline }}")
    jinja(doc, "{%p endif %}")
    para(doc, "Svaren som sammanställs:")
    jinja(doc, "{%p for i in instanser %}")
    para(doc, "{{ i.namn }}{{ ' (förslag till ' ~ i.till ~ ')' if i.till else '' }}, svar {{ i.datum }}"
              "{{ ', dnr ' ~ i.dnr if i.dnr else '' }}{{ ', ' ~ i.beslutat if i.beslutat else '' }}", style="List Bullet")
    jinja(doc, "{%p endfor %}")

    doc.add_heading("Sammanfattande matris", 2)
    para(doc, "Ställningstagande per rekommendation och instans.")
    # One column per body: docxtpl's {%tc %} loop repeats the middle column.
    table = table_grid(doc, ["Rekommendation", "{%tc for i in instanser %}", "{{ i.namn }}", "{%tc endfor %}"])
    table_row(table, ["{%tr for rek in rekommendationer %}"])
    table_row(table, ["{{ rek.nr }}. {{ rek.rubrik }}", "{%tc for svar in rek.svar %}",
                      "{{ svar.stallningstagande_text }}", "{%tc endfor %}"])
    table_row(table, ["{%tr endfor %}"])

    doc.add_heading("Svar per rekommendation", 2)
    jinja(doc, "{%p for rek in rekommendationer %}")
    doc.add_heading("Rekommendation {{ rek.nr }}: {{ rek.rubrik }}", 3)
    md(doc, "rek.rekommendation", 4)
    jinja(doc, "{%p for svar in rek.svar %}")
    doc.add_heading("{{ svar.instans }}", 4)
    jinja(doc, "{%p if svar.besvarad %}")
    jinja(doc, "{%p if svar.stallningsmening %}")
    para(doc, "{{ svar.stallningsmening }}")
    jinja(doc, "{%p endif %}")
    md(doc, "svar.svar", 5)
    jinja(doc, "{%p for a in svar.atgarder %}")
    para(doc, "Åtgärd: {{ a.atgard }}{{ ' – ansvarig: ' ~ a.ansvarig if a.ansvarig else '' }}"
              "{{ ', klart senast ' ~ a.klart if a.klart else '' }} – status: {{ a.status|lower }}", style="List Bullet")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p else %}")
    para(doc, "Ej besvarad av {{ svar.instans }}.")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endfor %}")

    landscape(doc, new_section=True)
    doc.add_heading("Åtgärder", 2)
    para(doc, "Status per {{ datum }}: {{ atgarder.summering }}")
    widths = [5.0, 4.0, 8.0, 3.9, 2.5, 2.3]  # 25.7 cm: landscape A4 less the margins
    table = table_grid(doc, ["Rekommendation", "Instans", "Åtgärd", "Ansvarig", "Klart senast", "Status"], widths)
    table_row(table, ["{%tr for rek in atgarder.grupper %}"], widths)
    table_row(table, ["{%tr for rad in rek.rader %}"], widths)
    table_row(table, ["{% vm %}{{ rek.nr }}. {{ rek.rubrik }}", "{{ rad.instans }}", "{{ rad.atgard }}",
                      "{{ rad.ansvarig }}", "{{ rad.klart }}", "{{ rad.status }}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    return doc


# ---- meetings: kallelse, protokoll, protokollsutdrag, anslag, motionsredovisning -------------
def meeting_header(doc, label: str, page_style: str = "{sida} ({sidor})"):
    """Organisation and label, the body and the date of the meeting, page X (Y) on every page;
    the first page has the organisation's logo (identitet.logotyp) on top."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    meeting_header_rows(doc, section.header, label)  # made first: it stays word/header1.xml
    logo_placeholder(section.first_page_header, doc)
    meeting_header_rows(doc, section.first_page_header, label)


def meeting_header_rows(doc, head, label: str):
    """The header's lines (sammantraden.sidhuvud): one paragraph per line, its parts written run by run
    (a tab, the paper's name ``label``, the page number in sammantraden.sidnummer's style, text), the first in
    bold. A line of four columns has tab stops of its own."""
    head.is_linked_to_previous = False
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    last = head.paragraphs[-1]
    loop = last if not last.text and not last._p.xpath(".//w:drawing") else head.add_paragraph()
    loop.add_run("{%p for rad in sidhuvud_rader %}")
    name = expression(label) or repr(label)
    head.add_paragraph("{%p if rad.kolumner < 4 %}")
    meeting_header_line(doc, head, name, [Cm(7.5)], width)
    head.add_paragraph("{%p else %}")
    meeting_header_line(doc, head, name, [Cm(4.5), Cm(9.5)], width)
    head.add_paragraph("{%p endif %}")
    head.add_paragraph("{%p endfor %}")


def meeting_header_line(doc, head, name: str, stops: list, width):
    """One line of the meeting header: left tab stops at ``stops``, the last column at the right margin."""
    p = head.add_paragraph(style=doc.styles["Header"])
    for stop in stops:
        p.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    p.paragraph_format.space_after = Pt(0)
    p.add_run("{% for d in rad.delar %}{% if d.typ == 'tab' %}")
    p.add_run()._r.append(parse_xml(f'<w:tab {nsdecls("w")}/>'))
    # The page number in the organisation's style for meeting papers (sammantraden.sidnummer; "" none).
    p.add_run("{% elif d.typ == 'sida' %}{% if sidnummer.stil %}{{ sidnummer.fore }}")
    field_run(p, "PAGE")
    p.add_run("{{ sidnummer.mellan }}{% if sidnummer.sidor %}")
    field_run(p, "NUMPAGES")
    p.add_run("{% endif %}{{ sidnummer.efter }}{% endif %}{% elif rad.fet %}")
    p.add_run("{{ (" + name + ") if d.typ == 'dokument' else d.text }}").bold = True
    p.add_run("{% else %}{{ (" + name + ") if d.typ == 'dokument' else d.text }}{% endif %}{% endfor %}")


def signature_footer(doc):
    """The running footer of a protocol: boxes for the justerare's initials and the certification of extracts,
    on the first page as on the others."""
    for foot in (doc.sections[0].footer, doc.sections[0].first_page_footer):
        signature_footer_rows(doc, foot)


def signature_footer_rows(doc, foot):
    """One box marked Signaturruta: the build repeats it for each label of sammantraden.signaturrutor
    (sammantrade/signatur.py), as docxtpl's {%tc %} does not repeat columns in a footer."""
    foot.is_linked_to_previous = False
    foot.paragraphs[0].add_run("{%p if signatur %}")
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    table = foot.add_table(rows=1, cols=1, width=width)
    table.style = doc.styles["Table Grid"]
    cell = table.rows[0].cells[0]
    cell.paragraphs[0].add_run("Signaturruta").font.size = Pt(8)
    cell.add_paragraph("")
    foot.add_paragraph("{%p endif %}")
    end_mark(foot)


def end_mark(part):
    """A last, tiny empty paragraph: Word ends every header and footer with a paragraph, also after a table."""
    last = part.add_paragraph()
    last.paragraph_format.space_after = Pt(0)
    last.paragraph_format.space_before = Pt(0)
    last.paragraph_format.line_spacing = Pt(2)
    last.add_run("").font.size = Pt(2)


def label_table(doc, rows: list[tuple[str, list[str]]], widths=(5.2, 10.8), together: bool = False):
    """A two-column table: a bold label, then one or more lines (a line may be a {%p %} tag).

    With ``together`` the table is kept on one page (a box such as the anslag is not split). A label
    that is a setting ("{{ etikett.ovriga }}", sammantraden.etiketter) leaves its row out when empty.
    """
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    for label, lines in rows:
        setting = expression(label) if label.startswith("{{ etikett.") else None
        if setting:
            table.add_row().cells[0].paragraphs[0].add_run(f"{{%tr if {setting} %}}")
        row = table.add_row()
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        cells = row.cells
        cells[0].width, cells[1].width = Cm(widths[0]), Cm(widths[1])
        cells[0].paragraphs[0].add_run(label).bold = True
        first = True
        for line in lines:
            paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
            paragraph.add_run(line)
            first = False
        for cell in cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(3)
                if together:
                    paragraph.paragraph_format.keep_with_next = True
        if setting:
            table.add_row().cells[0].paragraphs[0].add_run("{%tr endif %}")
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    return table


def signature_line(doc, role: str, name: str):
    """A line to sign on, the name and the role below it: kept on one page, with the line before it."""
    if doc.paragraphs and doc.paragraphs[-1].text:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # "Utdragets riktighet intygas" stays with it
    for text in ("", "_______________________________", name):
        para(doc, text).paragraph_format.keep_with_next = True
    p = para(doc, role)
    p.runs[0].italic = True


def heading_if(doc, text: str, level: int, between_tables: bool = False):
    """A heading written only when it has text (sammantraden.rubriker: an empty heading is none).

    ``between_tables``: without the heading an empty paragraph stays, so that the tables around it stay two
    (Word joins tables that touch).
    """
    jinja(doc, f"{{%p if {expression(text)} %}}")
    heading = doc.add_heading(text, level)
    if between_tables:
        jinja(doc, "{%p else %}")
        para(doc, "")
    jinja(doc, "{%p endif %}")
    return heading


def paragraph_body(doc, level: int):
    """One § of a protocol (or its extract): decision, summary, underlag, debate, vote, reservations, recipients."""
    h = level
    jinja(doc, "{%p if p.dnr_rad %}")  # sammantraden.dnr_rad: "Dnr {dnr}[ Diariekod: {diariekod}]"
    para(doc, "{{ p.dnr_rad }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for rad in p.tidigare_behandling %}")  # "Au § 170": where the item was before
    para(doc, "{{ rad }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p if p.information %}")
    para(doc, "{{ p.information }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if p.inledning %}")
    para(doc, "{{ p.inledning }}")
    jinja(doc, "{%p endif %}")
    # The sections in the organisation's order (sammantraden.ordning), each where its name comes.
    jinja(doc, "{%p for avsnitt in ordning %}")
    jinja(doc, "{%p if avsnitt == 'beslut' %}")
    heading_if(doc, "{{ p.beslut_rubrik }}", h)
    jinja(doc, "{%p if p.beslut.intro %}")
    para(doc, "{{ p.beslut.intro }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for punkt in p.beslut.punkter %}")
    para(doc, "{{ punkt }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p if p.omedelbart %}")
    para(doc, "{{ p.omedelbart_text }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if beslut_avslut %}")  # sammantraden.beslut_avslut: "_____" closes the decision
    para(doc, "{{ beslut_avslut }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'sammanfattning' %}")
    jinja(doc, "{%p if p.sammanfattning %}")
    heading_if(doc, "{{ rubriker.sammanfattning }}", h)
    jinja(doc, "{{p p.sammanfattning|markdown(" + str(h + 1) + ") }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'arendet' %}")  # the case's own account (its arendet:), where ordning names it
    jinja(doc, "{%p if p.arendet %}")
    heading_if(doc, "{{ rubriker.arendet }}", h)
    jinja(doc, "{{p p.arendet|markdown(" + str(h + 1) + ") }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'tidigare_forslag' %}")
    jinja(doc, "{%p if p.tidigare_forslag %}")
    heading_if(doc, "{{ p.tidigare_forslag.rubrik }}", h)
    jinja(doc, "{%p if p.tidigare_forslag.intro %}")
    para(doc, "{{ p.tidigare_forslag.intro }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for punkt in p.tidigare_forslag.punkter %}")
    para(doc, "{{ punkt }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'beslutsunderlag' %}")
    for heading, variable in (("{{ rubriker.beslutsunderlag }}", "p.beslutsunderlag"),):
        jinja(doc, f"{{%p if {variable} %}}")
        heading_if(doc, heading, h)
        jinja(doc, f"{{%p for item in {variable} %}}")
        para(doc, "{{ item }}")
        jinja(doc, "{%p endfor %}")
        jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'yrkanden' %}")
    jinja(doc, "{%p if p.yrkanden %}")
    heading_if(doc, "{{ rubriker.yrkanden }}", h)
    jinja(doc, "{%p for y in p.yrkanden %}")
    para(doc, "{{ y }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'beslutsgang' %}")
    jinja(doc, "{%p if p.beslutsgang %}")
    heading_if(doc, "{{ rubriker.beslutsgang }}", h)
    para(doc, "{{ p.beslutsgang }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'omrostning' %}")
    jinja(doc, "{%p if p.omrostning %}")
    heading_if(doc, "{{ rubriker.omrostning }}", h)
    widths = [8.0, 2.6, 2.6, 2.8]
    table = table_grid(doc, ["Ledamot", "Ja", "Nej", "Avstår"], widths)
    table_row(table, ["{%tr for rad in p.omrostning.rader %}"], widths)
    table_row(table, ["{{ rad.namn }}", "{{ rad.ja }}", "{{ rad.nej }}", "{{ rad.avstar }}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    cells = table_row(table, ["Summa", "{{ p.omrostning.ja }}", "{{ p.omrostning.nej }}", "{{ p.omrostning.avstar }}"],
                      widths)
    for cell in cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    para(doc, "")
    para(doc, "{{ p.omrostning.resultat }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'reservationer' %}")
    jinja(doc, "{%p if p.reservationer %}")
    heading_if(doc, "{{ rubriker.reservationer }}", h)
    jinja(doc, "{%p for res in p.reservationer %}")
    para(doc, "{{ res }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'protokollsanteckning' %}")
    jinja(doc, "{%p if p.protokollsanteckning %}")
    heading_if(doc, "{{ rubriker.protokollsanteckning }}", h)
    para(doc, "{{ p.protokollsanteckning }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if avsnitt == 'skickas_till' %}")
    jinja(doc, "{%p if p.skickas_till %}")
    heading_if(doc, "{{ rubriker.skickas_till }}", h)
    jinja(doc, "{%p for item in p.skickas_till %}")
    para(doc, "{{ item }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")


def kallelse(house: House):
    """Kallelse with föredragningslista (papers 17, 18, 19, 37): time, place, items with their proposals, signed."""
    doc = base_document(house)
    meeting_header(doc, "{{ 'KUNGÖRELSE OCH KALLELSE' if kungorelse else 'KALLELSE' }}")
    doc.add_heading("{{ 'Kungörelse och kallelse' if kungorelse else 'Kallelse' }} till sammanträde med "
                    "{{ organ.liten }}", 1)
    label_table(doc, [("Tid", ["{{ dag[:1]|upper ~ dag[1:] }} kl. {{ tid }}"]), ("Plats", ["{{ plats }}"]),
                      ("Ordförande", ["{{ ordforande.namn }}"]), ("Sekreterare", ["{{ sekreterare.namn }}"])])
    jinja(doc, "{%p if upprattad %}")
    para(doc, "Kallelsen är upprättad {{ upprattad }}.")
    jinja(doc, "{%p endif %}")
    para(doc, "{{ oppet_text }}")
    jinja(doc, "{%p if fullmaktige_text %}")
    para(doc, "{{ fullmaktige_text }}", bold=True)
    jinja(doc, "{%p endif %}")
    doc.add_heading("Föredragningslista", 2)
    jinja(doc, "{%p for p in punkter %}")
    jinja(doc, "{%p if p.grupp %}")
    doc.add_heading("{{ p.grupp }}", 3)
    jinja(doc, "{%p endif %}")
    item = para(doc, "")
    item.paragraph_format.keep_with_next = True
    item.paragraph_format.space_before = Pt(8)
    item.add_run("{{ p.agenda }}. {{ p.rubrik }}{{ ' (sluten del)' if p.sluten else '' }}").bold = True
    jinja(doc, "{%p if p.dnr or p.information %}")
    para(doc, "{{ 'Dnr ' ~ p.dnr if p.dnr else '' }}{{ ' – ' if p.dnr and p.information else '' }}{{ p.information }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p if p.forslag %}")
    label = para(doc, "")
    label.add_run("Förslag till beslut").italic = True
    label.paragraph_format.space_after = Pt(2)
    jinja(doc, "{%p if p.forslag.intro %}")
    para(doc, "{{ p.forslag.intro }}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p for punkt in p.forslag.punkter %}")
    para(doc, "{{ punkt }}")
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    for cell, who, role in zip(table.rows[0].cells, ("ordforande", "sekreterare"), ("Ordförande", "Sekreterare")):
        cell.paragraphs[0].add_run("{{ " + who + ".namn }}")
        cell.add_paragraph("").add_run(role).italic = True
    return doc


def protokoll(house: House):
    """Sammanträdesprotokoll (papers 08, 11–15): front page, anslag, contents, one section per §."""
    doc = base_document(house)
    meeting_header(doc, "{{ etikett.protokoll }}")
    signature_footer(doc)
    doc.add_heading("Protokoll {{ organ.namn }} {{ datum }}", 1)
    label_table(doc, [  # the labels: sammantraden.etiketter (an empty one leaves its row out)
        ("{{ etikett.plats_och_tid }}", ["{{ plats }}, {{ dag }} kl. {{ tid }}"]),
        ("{{ etikett.beslutande }}", ["{%p for l in ledamoter %}", "{{ l }}", "{%p endfor %}"]),
        ("{{ etikett.ersattare }}", ["{%p for l in ersattare %}", "{{ l }}", "{%p endfor %}",
                                     "{%p if not ersattare %}", "–", "{%p endif %}"]),
        ("{{ etikett.ovriga }}", ["{%p for o in ovriga %}", "{{ o }}", "{%p endfor %}",
                                  "{%p if not ovriga %}", "–", "{%p endif %}"]),
        ("{{ etikett.justerare }}", ["{{ justerare_text }}"]),
        ("{{ etikett.justering }}", ["{{ justering.text }}"]),
        ("{{ etikett.paragrafer }}", ["{{ paragrafer_text }}"]),
    ])
    heading_if(doc, "{{ etikett.underskrifter }}", 2, between_tables=True)
    jinja(doc, "{%p if justering.digital %}")
    para(doc, "Protokollet justeras digitalt med elektronisk underskrift av sekreteraren, ordföranden och "
              "{{ 'justeraren' if justerare|length == 1 else 'justerarna' }}.")
    label_table(doc, [("Sekreterare", ["{{ sekreterare.namn }}"]), ("Ordförande", ["{{ ordforande.namn }}"]),
                      ("Justerande", ["{%p for j in justerare %}", "{{ j }}", "{%p endfor %}"])])
    jinja(doc, "{%p else %}")
    label_table(doc, [("Sekreterare", ["\n_______________________________", "{{ sekreterare.namn }}"]),
                      ("Ordförande", ["\n_______________________________", "{{ ordforande.namn }}"]),
                      ("Justerande", ["{%p for j in justerare %}", "\n_______________________________", "{{ j }}",
                                      "{%p endfor %}"])])
    jinja(doc, "{%p endif %}")
    heading_if(doc, "{{ etikett.anslag }}", 2).paragraph_format.keep_with_next = True
    para(doc, "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.").paragraph_format \
        .keep_with_next = True
    label_table(doc, [("Organ", ["{{ organ.namn }}"]), ("Sammanträdesdatum", ["{{ datum }}"]),
                      ("Anslaget sätts upp", ["{{ anslag.uppsatt }}"]), ("Anslaget tas ned", ["{{ anslag.nedtagning }}"]),
                      ("Förvaringsplats för protokollet", ["{{ anslag.forvaringsplats }}"]),
                      ("Underskrift", ["\n_______________________________", "{{ sekreterare.namn }}"])], together=True)
    contents = heading_if(doc, "{{ etikett.innehall }}", 2)
    contents.paragraph_format.page_break_before = True
    jinja(doc, "{%p for p in paragrafer %}")
    jinja(doc, "{%p if innehall_grupper and p.grupp %}")  # sammantraden.innehall_grupper
    doc.add_heading("{{ p.grupp }}", 3)
    jinja(doc, "{%p endif %}")
    entry = para(doc, "{{ p.paragraf }}\t{{ p.rubrik }}{{ ' (dnr ' ~ p.dnr ~ ')' if p.dnr and innehall_dnr else '' }}")
    entry.paragraph_format.tab_stops.add_tab_stop(Cm(2.2))  # sammantraden.innehall_dnr
    entry.paragraph_format.left_indent = Cm(2.2)  # a long title wraps under itself, not under the §
    entry.paragraph_format.first_line_indent = Cm(-2.2)
    jinja(doc, "{%p endfor %}")
    jinja(doc, "{%p for p in paragrafer %}")
    heading = doc.add_heading("{{ p.rubrikrad }}", 2)  # sammantraden.paragrafrad
    heading.paragraph_format.space_before = Pt(24)
    paragraph_body(doc, 3)
    jinja(doc, "{%p endfor %}")
    return doc


def utdrag(house: House):
    """Protokollsutdrag (papers 02, 03, 16, 25): one §, then the certification and a signature line."""
    doc = base_document(house)
    meeting_header(doc, "{{ etikett.utdrag }}")
    signature_footer(doc)  # justerandes_signatur: on the extract as on the protocol it is taken from
    doc.add_heading("{{ p.rubrikrad }}", 1)  # sammantraden.paragrafrad
    paragraph_body(doc, 2)
    jinja(doc, "{%p if utdrag_intygande %}")  # sammantraden.utdrag_intygande: false when the footer's boxes certify
    para(doc, "")
    label_table(doc, [("Justerat", ["{{ p.justerat }}"]),
                      ("Anslag", ["{{ 'Justeringen tillkännagavs på anslagstavlan ' ~ anslag.uppsatt if not p.omedelbart else 'Paragrafen justerades omedelbart ' ~ datum }}"])])
    para(doc, "")
    para(doc, "Utdragets riktighet intygas", bold=True)
    signature_line(doc, "{{ sekreterare.titel or 'Sekreterare' }}", "{{ sekreterare.namn }}")
    jinja(doc, "{%p endif %}")
    return doc


def anslag(house: House):
    """The notice on the anslagstavla and its bevis (papers 12, 13, 15, 32, 33), with the last day to appeal."""
    doc = base_document(house)
    meeting_header(doc, "ANSLAG/BEVIS")
    doc.add_heading("Anslag om justerat protokoll", 1)
    para(doc, "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.")
    label_table(doc, [("Organ", ["{{ organ.namn }}"]), ("Sammanträdesdatum", ["{{ datum }}"]),
                      ("Paragrafer", ["{{ paragrafer_text }}"]), ("Protokollet justerades", ["{{ anslag.justerat }}"]),
                      ("Anslaget sätts upp", ["{{ anslag.uppsatt }}"]), ("Anslaget tas ned", ["{{ anslag.nedtagning }}"]),
                      ("Förvaringsplats för protokollet", ["{{ anslag.forvaringsplats }}"]),
                      ("Sista dag för överklagande", ["{{ anslag.sista_overklagandedag }}"])])
    jinja(doc, "{%p for p in paragrafer %}")
    jinja(doc, "{%p if p.omedelbart %}")
    para(doc, "{{ p.paragraf }} justerades omedelbart vid sammanträdet {{ datum }}.")
    jinja(doc, "{%p endif %}")
    jinja(doc, "{%p endfor %}")
    doc.add_heading("Så överklagar du", 2)
    para(doc, "Den som är medlem i kommunen kan överklaga besluten i protokollet genom laglighetsprövning enligt "
              "13 kap. kommunallagen. Överklagandet ska ha kommit in till {{ anslag.forvaltningsratt }} senast "
              "{{ anslag.sista_overklagandedag_lang }}, tre veckor från den dag då justeringen tillkännagavs på "
              "anslagstavlan.")
    jinja(doc, "{%p if anslag.anslagstavla %}")
    para(doc, "Anslaget finns på kommunens digitala anslagstavla: {{ anslag.anslagstavla }}")
    jinja(doc, "{%p endif %}")
    signature_line(doc, "{{ sekreterare.titel or 'Sekreterare' }}", "{{ sekreterare.namn }}")
    return doc


def motion_header_row(doc, head):
    head.is_linked_to_previous = False
    p = head.paragraphs[-1] if not head.paragraphs[-1].text.startswith("{%p") else head.add_paragraph()
    p.style = doc.styles["Header"]
    p.paragraph_format.tab_stops.add_tab_stop(Cm(12.85), WD_TAB_ALIGNMENT.CENTER)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.7), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run("{{ organisation.namn }}\tREDOVISNING AV MOTIONER\t").bold = True
    field_run(p, "PAGE")
    p.add_run(" (")
    field_run(p, "NUMPAGES")
    p.add_run(")")


def motionsredovisning(house: House):
    """The report to fullmäktige on motions not yet decided (KL 5 kap. 35 §; papers 01, 29)."""
    doc = base_document(house)
    landscape(doc)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    motion_header_row(doc, section.header)  # made first: it stays word/header1.xml
    logo_placeholder(section.first_page_header, doc)  # the first page's logo, as on the other meeting papers
    motion_header_row(doc, section.first_page_header)
    doc.add_heading("Motioner som inte har beslutats per {{ per }}", 1)
    para(doc, "Enligt 5 kap. 35 § kommunallagen ska ett ärende som har väckts genom motion om möjligt beredas så att "
              "fullmäktige kan fatta beslut inom ett år från det att motionen väcktes. Om beredningen inte kan "
              "avslutas inom denna tid ska detta och vad som har kommit fram vid beredningen anmälas till fullmäktige "
              "inom samma tid.")
    para(doc, "{{ summering }}")
    widths = [0.9, 6.0, 3.4, 2.5, 2.2, 4.5, 4.6, 1.6]  # 25.7 cm: landscape A4 less the margins
    table = table_grid(doc, ["Nr", "Motion", "Förslagsställare", "Dnr", "Väckt", "Bereds av", "Beredningsläge",
                             "Över ett år"], widths)
    table_row(table, ["{%tr for m in motioner %}"], widths)
    table_row(table, ["{{ m.nr }}", "{{ m.titel }}", "{{ m.forslagsstallare }}", "{{ m.dnr }}", "{{ m.vackt }}",
                      "{{ m.bereds_av }}", "{{ m.lage }}", "{{ m.over_ett_ar }}"], widths)
    table_row(table, ["{%tr endfor %}"], widths)
    return doc


def meeting_templates(house: House) -> dict[str, object]:
    """The templates of meeting papers: only the package's defaults (every workspace may restyle its own)."""
    return {"kallelse": kallelse(house), "protokoll": protokoll(house), "utdrag": utdrag(house),
            "anslag": anslag(house), "motionsredovisning": motionsredovisning(house)}


def templates(house: House) -> dict[str, object]:
    return {
        "tjansteskrivelse": tjansteskrivelse(house, "tjansteskrivelse"),
        "revisionssvar": tjansteskrivelse(house, "revisionssvar"),
        "motionssvar": tjansteskrivelse(house, "motionssvar"),
        "aterrapport": tjansteskrivelse(house, "aterrapport"),
        "svar-till-revisorerna": svar_till_revisorerna(house),
        "styrdokument": styrdokument(house),
        "atgardsplan": atgardsplan(house),
        "samlat-svar": samlat_svar(house),
        "yttrande": yttrande(house),
    }


def workspace_templates(folder: str) -> dict[str, object]:
    """Return the templates tools/mallar.py makes for ``folder`` (a key of WORKSPACES), by name."""
    made = templates(HOUSES[WORKSPACES[folder]])
    if folder == "src/kanslist/resources":
        made.update(meeting_templates(HOUSES[WORKSPACES[folder]]))
    return made


# Styles kanslist's Markdown rendering uses at run time (pipeline/markdown.py), kept though no
# template paragraph has them; any other style python-docx's default template defines goes.
RENDERER_STYLES = {"Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5", "Heading 6",
                   "Quote", "No Spacing", "List Bullet", "List Bullet 2", "List Bullet 3", "List Number",
                   "List Number 2", "List Number 3", "List Paragraph", "Table Grid", "Hyperlink", "Header", "Footer"}
_STYLE_REFERENCE = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')


def slim(doc) -> None:
    """Drop what python-docx's default template carries and no paper uses: its 150 unused style
    definitions (350 kB that Word, LibreOffice and every build parse again for each paper:
    PDF/A conversion takes 40 % less time without them, make bench), Word 2010's duplicate
    stylesWithEffects.xml and the thumbnail of an empty page. Word's list of built-in styles
    (latentStyles) stays, so the style gallery in Word is as before."""
    used = set()
    for part in doc.part.package.iter_parts():
        if part.partname.startswith("/word/") and part.partname.endswith(".xml") and part is not doc.part._styles_part:
            used.update(v.decode() for v in _STYLE_REFERENCE.findall(part.blob))
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = {n.lower() for n in RENDERER_STYLES}
    keep = used | {i for i, s in by_id.items() if s.get(qn("w:default")) == "1"
                   or s.find(qn("w:name")).get(qn("w:val")).lower() in wanted}
    while True:  # and what the kept styles are based on, link to or are followed by
        more = {e.get(qn("w:val")) for i in keep if i in by_id
                for e in (by_id[i].find(qn(tag)) for tag in ("w:basedOn", "w:next", "w:link")) if e is not None}
        if more <= keep:
            break
        keep |= more
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    for rels, reltype in ((doc.part.rels, "stylesWithEffects"), (doc.part.package.rels, "thumbnail")):
        for rid in [k for k, r in rels.items() if r.reltype.endswith("/" + reltype)]:
            rels.pop(rid)


def template_bytes(name: str, doc) -> bytes:
    """Return the bytes of template ``name``: fixed properties and zip times, so the same code gives the same file."""
    slim(doc)
    doc.core_properties.author = "kanslist"
    doc.core_properties.title = f"Mall: {name}"
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2026, 1, 1)
    doc.core_properties.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())


def main() -> None:
    """Create the templates that are missing; an existing template is never overwritten.

    The committed .docx files are the source of truth (they may have been edited in Word):
    to regenerate one, delete it first and review the diff.
    """
    for folder in WORKSPACES:
        target = ROOT / folder / "mallar"
        created = 0
        made = workspace_templates(folder)
        for name, doc in made.items():
            if (target / f"{name}.docx").exists():
                continue
            write_atomic(target / f"{name}.docx", template_bytes(name, doc))
            created += 1
        print(f"{target.relative_to(ROOT)}: {created} nya mallar (befintliga lämnas orörda)")


if __name__ == "__main__":
    main()
