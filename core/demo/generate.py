"""Files the demo ships: illustrations drawn with Pillow, PDF and DOCX with real text.

Everything is generated deterministically from the content, so two runs produce the same bytes
and nothing is fetched from anywhere.
"""

import io
import random
import zlib
from pathlib import Path

import docx
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

PALETTES = [
    ("#0b3d5c", "#f2b705", "#e8eef2"),
    ("#5c2a0b", "#f28705", "#f6ece4"),
    ("#1f5c0b", "#c6d93b", "#eaf2e4"),
    ("#3b0b5c", "#f25c05", "#efe6f4"),
]


def label_font(size):
    """Bitstream Vera, shipped inside reportlab: it has every Spanish letter (Pillow's default
    bitmap font has no "ó"), and using it keeps the demo free of system font dependencies."""
    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"), size)


def draw_illustration(key, label, size=(1200, 800)):
    """A flat illustration of people gathered at a meeting, with the place and year as a label."""
    rng = random.Random(zlib.crc32(key.encode()))
    dark, accent, light = PALETTES[rng.randrange(len(PALETTES))]
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    # A banner wall and a table, then a row of seated people in front of it.
    draw.rectangle([0, 0, width, int(height * 0.18)], fill=dark)
    draw.rectangle(
        [int(width * 0.08), int(height * 0.62), int(width * 0.92), int(height * 0.7)], fill=accent
    )
    people = rng.randint(5, 8)
    step = (width * 0.8) / people
    for index in range(people):
        x = int(width * 0.1 + step * index + step / 2)
        head = rng.randint(34, 44)
        shade = rng.choice(["#8d5524", "#c68642", "#e0ac69", "#a0522d", "#6b4226"])
        shirt = rng.choice([dark, accent, "#7a7a7a", "#2e6f95", "#9b2335"])
        top = int(height * 0.36) + rng.randint(-20, 20)
        draw.ellipse([x - head, top - head, x + head, top + head], fill=shade)
        draw.rounded_rectangle(
            [x - head - 18, top + head + 6, x + head + 18, int(height * 0.66)],
            radius=28,
            fill=shirt,
        )
    font = label_font(44)
    small = label_font(28)
    draw.text((40, int(height * 0.05)), label, fill="#ffffff", font=font)
    draw.rectangle([0, int(height * 0.86), width, height], fill="#ffffff")
    draw.text((40, int(height * 0.9)), "Quipu · ilustración / illustration", fill=dark, font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def build_pdf(title, paragraphs, note):
    """A PDF with a real text layer: title, a note on its provenance, then the paragraphs."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Quipu",
        creator="Quipu",
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        invariant=True,
    )
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"]), Paragraph(note, styles["Italic"]), Spacer(1, 12)]
    for number, paragraph in enumerate(paragraphs, start=1):
        story.append(Paragraph(f"{number}. {paragraph}", styles["BodyText"]))
        story.append(Spacer(1, 6))
    document.build(story)
    return buffer.getvalue()


def build_docx(title, paragraphs, note):
    """A Word document with the same content as its PDF twin."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Quipu"
    document.add_heading(title, level=1)
    document.add_paragraph(note).italic = True
    for paragraph in paragraphs:
        document.add_paragraph(paragraph, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
