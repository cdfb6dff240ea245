"""Put the organisation's logo into a Word template: the picture named Logotyp gets its bytes and proportions."""

from __future__ import annotations

import io
import posixpath
import zipfile
from functools import lru_cache

from lxml import etree

from kanslist.organisation import Logotyp
from kanslist.pipeline.write import Member, zip_members

PICTURE_NAME = "Logotyp"  # the name (Word: Alternativ text / Markeringsfönstret) of the placeholder picture
EMU_PER_CM = 360_000  # OOXML measures drawings in English Metric Units
NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
CONTENT_TYPES = "[Content_Types].xml"


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def with_logo(template: bytes, logo: Logotyp) -> bytes:
    """Return ``template`` with every picture named Logotyp showing ``logo`` at its width, in its proportions.

    A template without such a picture is returned as it is. The same inputs give the same bytes.
    """
    return _with_logo(template, logo.data, logo.ext, logo.px_width, logo.px_height, logo.width_cm, logo.alt)


@lru_cache(maxsize=32)
def _with_logo(template: bytes, data: bytes, ext: str, px_width: int, px_height: int, width_cm: float,
               alt: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    media = f"word/media/{PICTURE_NAME.lower()}.{ext}"
    cx = round(width_cm * EMU_PER_CM)
    cy = round(cx * px_height / px_width)
    replaced: set[str] = set()  # the placeholder pictures' own media, dropped when nothing else shows them
    changed = {}
    for name, xml in members.items():
        if not (name.startswith("word/") and name.endswith(".xml")) or b'name="' + PICTURE_NAME.encode() not in xml:
            continue
        tree = etree.fromstring(xml)
        pictures = tree.xpath(f'//wp:docPr[@name="{PICTURE_NAME}"]', namespaces=NS)
        rels_name = _rels_name(name)
        if not pictures or rels_name not in members:
            continue
        rels = etree.fromstring(members[rels_name])
        for docpr in pictures:
            drawing = docpr.getparent()  # wp:inline or wp:anchor
            docpr.set("descr", alt)
            for extent in drawing.xpath("./wp:extent | .//a:xfrm/a:ext", namespaces=NS):
                extent.set("cx", str(cx))
                extent.set("cy", str(cy))
            for blip in drawing.xpath(".//a:blip", namespaces=NS):
                rid = blip.get(f"{{{NS['r']}}}embed")
                for rel in rels.xpath(f'rel:Relationship[@Id="{rid}"]', namespaces=NS):
                    replaced.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), rel.get("Target"))))
                    rel.set("Target", posixpath.relpath(media, posixpath.dirname(name)))
        changed[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        changed[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not changed:
        return template
    members.update(changed)
    still_shown = {posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(rels)), rel.get("Target")))
                   for rels, xml in members.items() if rels.endswith(".rels")
                   for rel in etree.fromstring(xml).xpath("rel:Relationship", namespaces=NS)
                   if rel.get("TargetMode") != "External"}
    for old in replaced - still_shown - {media}:
        members.pop(old, None)
    members[media] = data
    types = etree.fromstring(members[CONTENT_TYPES])
    if not types.xpath(f'ct:Default[@Extension="{ext}"]', namespaces=NS):
        default = etree.SubElement(types, f"{{{NS['ct']}}}Default", Extension=ext, ContentType=f"image/{ext}")
        types.insert(0, default)  # Defaults come before Overrides (ECMA-376 part 2)
        members[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_members(Member.of(name, value) for name, value in members.items())
