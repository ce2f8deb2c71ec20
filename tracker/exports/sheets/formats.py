"""Cell formats, created once per workbook and reused (XlsxWriter keeps every format it is given)."""

from __future__ import annotations

NUMBER_FORMATS = {
    # Text cells are formatted as text ("@"): what someone types into them stays what was typed (Excel would
    # otherwise turn "0012" into 12, "2013-06-15" into a date and "1/2" into January 2nd).
    "text": "@",
    "title": "@",
    "int": "0",
    "decimal": "0.0",
    "amount": "#,##0.00",
    "number": "General",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
ROW_STYLES: dict[str, dict[str, object]] = {
    "normal": {},
    "overdue": {"bg_color": "#FCE4E4"},  # overdue rows: a light red fill
    "context": {"font_color": "#808080", "italic": True},  # ancestors shown only for context (greyed on the page)
    "group": {"bold": True, "bg_color": "#EDEDED"},  # department rows with subtotals
    "total": {"bold": True, "bg_color": "#D9D9D9", "top": 1},
}
# Outline levels Excel can fold; deeper items stay at the deepest level.
MAX_LEVEL = 7
MAX_INDENT = 15


class Formats:
    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple, object] = {}
        base = {"font_size": 10, "valign": "top"}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.meta = workbook.add_format({**base, "font_color": "#595959"})
        self.header = workbook.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        # Columns a department fills in on re-import stand out.
        self.header_editable = workbook.add_format(
            {**base, "bold": True, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self._base = base

    def cell(self, kind: str, style: str = "normal", indent: int = 0, *, wrap: bool = False):
        """A table cell of `kind` in a row of `style`, with the thin borders a printed table needs; `wrap` breaks
        long text into lines within the column's width."""
        return self._format(kind, style, indent, wrap, border=True)

    def column(self, kind: str, *, wrap: bool = False):
        """A column's own format: the number format and wrapping of its kind for what is typed into its empty
        cells, without borders (they would frame the title block above the table too)."""
        return self._format(kind, "normal", 0, wrap, border=False)

    def _format(self, kind: str, style: str, indent: int, wrap: bool, *, border: bool):
        key = (kind, style, indent, wrap, border)
        cell_format = self._cache.get(key)
        if cell_format is None:
            properties = {**self._base, **ROW_STYLES[style]}
            if border:
                properties.update(border=1, border_color="#808080")
            if NUMBER_FORMATS[kind]:
                properties["num_format"] = NUMBER_FORMATS[kind]
            if indent:
                properties["indent"] = min(indent, MAX_INDENT)
            if wrap:
                properties["text_wrap"] = True
            cell_format = self._cache[key] = self.workbook.add_format(properties)
        return cell_format
