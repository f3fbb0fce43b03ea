"""Search by ID (15 or 18 form), two-character name, pinyin and initials, registration number."""

from __future__ import annotations

from candidates import new_record
from learncenter.context import AppContext
from learncenter.store.search import RANK_ID, name_keys, search
from actors import sign_in_as

PEOPLE = [
    dict(name="张三", id_number="360426199101010071", registration_no="26110001000001"),
    dict(name="张三丰", id_number="120103198806018241", registration_no="26110001000002"),
    dict(name="章珊", id_number="440524188001010014", registration_no="26110001000003", level="专升本",
         prior_education="专科", prior_certificate_no="104597201606001234", chsi_code="ABCD1234EFGH5678"),
    dict(name="阿依古丽·买买提", id_number="110105491231002", registration_no="26110001000004"),
    dict(name="王小明", id_number="44011320141005001X", registration_no="26110001000005"),
]


def _fill(ctx: AppContext) -> None:
    ctx.records.enter_many([new_record(**p) for p in PEOPLE], actor=sign_in_as(ctx.users, "tester"), source="entry")


def _names(ctx: AppContext, query: str) -> list[str]:
    with ctx.db.session() as session:
        return [h.name for h in search(session, query)]


def test_name_keys() -> None:
    assert name_keys("张三") == ("zhangsan", "zs")
    assert name_keys("阿依古丽·买买提") == ("ayigulimaimaiti", "ayglmmt")


def test_name_keys_read_names_as_pypinyin_does_with_or_without_its_phrases() -> None:
    """The per-character cache must give what pypinyin gives for the whole name: names that hold
    one of its phrases (重庆, 长孙, 单于, where a character reads otherwise) go to pypinyin itself."""
    from pypinyin import lazy_pinyin

    def whole(name: str) -> tuple[str, str]:
        syllables = ["".join(c for c in s.lower() if "a" <= c <= "z") for s in lazy_pinyin(name)]
        syllables = [s for s in syllables if s]
        return "".join(syllables), "".join(s[0] for s in syllables)

    for name in ("单田芳", "曾国藩", "尉迟恭", "长孙无忌", "解缙", "区小明", "查良镛", "重庆英", "吕女", "乐嘉",
                 "王小明", "覃绿", "仇英", "朴正熙", "万俟卨", "单于军", "银行长"):
        assert name_keys(name) == whole(name), name
    assert name_keys("单于军") == ("chanyujun", "cyj") and name_keys("长孙无忌")[1] == "zswj"
    assert name_keys("重庆英")[0] == "chongqingying" and name_keys("重英")[0] == "zhongying"


def test_two_character_name_ranks_exact_before_prefix(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "张三") == ["张三", "张三丰"]


def test_id_number_in_either_form(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "11010519491231002x") == ["阿依古丽·买买提"]
    assert _names(ctx, "110105491231002") == ["阿依古丽·买买提"]
    with ctx.db.session() as session:
        (hit,) = search(session, "360426199101010071")
    assert hit.rank == RANK_ID and hit.id_number == "360426199101010071"


def test_pinyin_full_and_initials(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "zhangsan") == ["张三", "张三丰"]  # exact pinyin first, then prefix
    assert _names(ctx, "Zhang San") == ["张三", "张三丰"]
    assert _names(ctx, "zhangshan") == ["章珊"]
    assert _names(ctx, "zs") == ["张三", "章珊", "张三丰"]  # exact initials, then initials prefix
    assert _names(ctx, "ayg") == ["阿依古丽·买买提"]


def test_registration_number_and_id_prefix(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "26110001000005") == ["王小明"]
    assert _names(ctx, "440113") == ["王小明"]


def test_nothing_for_blank_or_unknown(ctx: AppContext) -> None:
    _fill(ctx)
    assert _names(ctx, "   ") == [] and _names(ctx, "李四") == []


def test_reading_leaves_pooled_connections_as_writers_expect(ctx: AppContext) -> None:
    """Search runs on Database.read() connections; afterwards a pooled connection must still be
    in the driver's autocommit mode, where only our explicit BEGIN opens a transaction."""
    _fill(ctx)
    for _ in range(3):
        with ctx.db.read() as conn:
            assert search(conn, "张三")
    raw = ctx.db.engine.raw_connection()
    try:
        assert raw.driver_connection.isolation_level is None  # type: ignore[union-attr]
    finally:
        raw.close()
