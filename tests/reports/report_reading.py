"""Reading a ReportDocument back in tests: its sections, tables and charts."""

from __future__ import annotations

from tracker.reports.document import Block, Chart, Heading, Paragraph, ReportDocument, Table

SECTIONS = ("一、", "二、", "三、", "四、", "五、", "六、")


def section(document: ReportDocument, number: str) -> list[Block]:
    """The blocks of the section whose heading starts with `number` ("三、"), its heading excluded."""
    blocks: list[Block] | None = None
    found: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            blocks = found if block.text.startswith(number) else None
            continue
        if blocks is not None:
            blocks.append(block)
    return found


def tables(blocks: list[Block]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def charts(blocks: list[Block]) -> list[Chart]:
    return [block for block in blocks if isinstance(block, Chart)]


def notices(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Paragraph) and block.style == "notice"]


def texts(blocks: list[Block]) -> str:
    """Every word of the blocks, for a search."""
    words: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            words += [block.caption, *(cell for row in block.rows for cell in row.cells)]
        elif isinstance(block, Chart):
            words += [block.title, *block.categories]
        else:
            words.append(block.text)
    return "\n".join(words)


def column(table: Table, label: str) -> list[str]:
    index = [c.label for c in table.columns].index(label)
    return [row.cells[index] for row in table.rows]
