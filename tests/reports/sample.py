"""A report built by hand with every block type, for the writers' tests (independent of the report's content)."""

from __future__ import annotations

from tracker.reports.document import (
    Chart,
    Column,
    Cover,
    Heading,
    Paragraph,
    ReportDocument,
    Row,
    Series,
    Table,
)

PLAN_TITLE = "杭州市“十二五”信息化发展规划"
SECTIONS = (
    "一、总体进展",
    "二、主要任务进展",
    "三、逾期和滞后事项",
    "四、指标完成情况",
    "五、资金执行情况",
    "六、各部门报送情况",
)
MAIN_TASKS = ("（一）推进电子政务建设", "（二）发展信息产业", "（三）建设智慧城市")
EMOJI_NOTE = "进展顺利🎉，已完成验收✅"
LONG_NOTE = "由于征地拆迁和审批流程调整，工程进度受到影响。" * 200  # 4,600 characters


def sample_report(*, rows: int = 12, long_note: str = LONG_NOTE) -> ReportDocument:
    """Six sections: a chart, each main task with a table, a table of `rows` overdue items (one with a very long
    reason, emoji and control-free odd text), a notice standing in for an empty section, notes."""
    blocks: list = [
        Heading(SECTIONS[0], 1),
        Paragraph("截至报告期末，规划共有任务 120 项，已完成 45 项，进行中 60 项，逾期 9 项。"),
        Chart(
            kind="bar",
            title="图1　各章节任务进展",
            categories=("推进电子政务建设", "发展信息产业", "建设智慧城市和城市信息化基础设施提升工程"),
            series=(Series("平均进展", (62.5, 40.0, 15.0)),),
            unit="%",
            max_value=100,
        ),
        Chart(
            kind="stacked_bar",
            title="图2　各部门逾期事项",
            categories=("市经信委", "市发改委", "市财政局"),
            series=(Series("逾期", (3, 1, 0), "#c8433a"), Series("滞后", (2, 0, 4))),
            unit="项",
        ),
        Heading(SECTIONS[1], 1),
    ]
    for number, task in enumerate(MAIN_TASKS):
        blocks += [
            Heading(task, 2),
            Table(
                columns=(
                    Column("任务", 3),
                    Column("状态", 1, "center"),
                    Column("进展", 1, "right"),
                    Column("最新进展", 4),
                ),
                rows=(
                    Row((task[3:], "进行中", f"{40 + number}%", "按计划推进。"), emphasis=True),
                    Row(("建设政务云平台", "滞后", "20%", EMOJI_NOTE), level=1),
                    Row(("完善门户网站", "已完成", "100%", "<b>已上线</b> & 运行 "), level=1),
                ),
                caption=f"表{number + 1}　{task[3:]}",
            ),
        ]
    overdue = [
        Row((f"事项 {index}", "2013年3月31日", "审批延迟", "加快推进", "2013年9月30日", "同意延期"))
        for index in range(rows)
    ]
    overdue[0] = Row(("建设政务云平台", "2013年3月31日", long_note, "加快推进", "2013年9月30日", "跟进"))
    blocks += [
        Heading(SECTIONS[2], 1),
        Table(
            columns=(
                Column("事项", 2),
                Column("计划完成", 1.3, "center"),
                Column("原因", 2.5),
                Column("措施", 2),
                Column("预计完成", 1.3, "center"),
                Column("办公室意见", 1.2),
            ),
            rows=tuple(overdue),
            caption="表4　逾期和滞后事项",
        ),
        Paragraph("资料来源：各部门报送的进展记录。", "note"),
        Heading(SECTIONS[3], 1),
        Paragraph("本期无指标数据。", "notice"),
        Heading(SECTIONS[4], 1),
        Table(
            columns=(Column("部门", 3), Column("批复（万元）", 2, "right"), Column("执行率", 1, "right")),
            rows=(Row(("市经信委", "1,200.00", "55.0%")), Row(("合计", "1,200.00", "55.0%"), emphasis=True)),
            caption="表5　资金执行情况",
        ),
        Heading(SECTIONS[5], 1),
        Paragraph("本期各部门均按时报送。"),
    ]
    return ReportDocument(
        cover=Cover(
            title=f"《{PLAN_TITLE}实施情况报告（2013年第二季度）》",
            period="报告期：2013年4月1日至2013年6月30日",
            scope="全部规划",
            issuer="杭州市信息化办公室",
            date="2013年7月5日",
        ),
        blocks=blocks,
        file_stem="规划实施情况报告-2013Q2",
        plan_title=PLAN_TITLE,
    )
