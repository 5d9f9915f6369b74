"""vocabulary: one set of place suffixes and date words for every module, compiled lazily."""

import subprocess
import sys

import pytest

from bulletin_cli import analysis, queries, repair, split
from bulletin_cli.extract import event_date, page_date
from bulletin_cli.vocabulary import PLACE_SUFFIXES, LazyPattern


@pytest.mark.parametrize("name", ["武清区", "静海县", "西沽街道", "西沽街", "杨柳青镇", "辛口乡", "燕宇社区", "大寺村"])
def test_every_module_takes_a_place_name_by_the_same_suffixes(name):
    assert name.endswith(PLACE_SUFFIXES)
    assert split._PLACE_END.search(name)
    # Indexed as a place, never a topic word of a summary (a word jieba does not know that ends
    # so; 老旧小区 and 农村, which jieba tags as nouns, stay topics: see test_analysis).
    assert not analysis.topic_word(name, None)
    assert queries._base(name) != name  # looked up without its suffix


def test_a_county_chain_is_a_lead_place_as_a_district_chain_is():
    assert repair.lead_place("5月8日，静海县唐官屯镇办起义诊。") == "静海县唐官屯镇"
    assert repair.lead_place("5月8日，红桥区西沽街道办起义诊。") == "红桥区西沽街道"


def test_dates_are_read_with_full_width_digits_everywhere():
    assert str(page_date("某某报 ２０２４年６月５日 星期三 第４版\n正文")) == "2024-06-05"
    assert str(event_date("６月３日，社区开展活动。", page_date("２０２４年６月５日 星期三"))) == "2024-06-03"


def test_a_lazy_pattern_compiles_once_on_first_use():
    pattern = LazyPattern(r"(\d+)日")
    assert pattern._compiled is None
    assert pattern.search("5日").group(1) == "5"
    compiled = pattern._compiled
    assert pattern.findall("5日和6日") == ["5", "6"] and pattern._compiled is compiled


def test_the_reading_commands_compile_none_of_the_page_patterns():
    code = (
        "import bulletin_cli.queries, bulletin_cli.vocabulary as v; "
        "print([n for n in ('DATELINE', 'BYLINE_LINE', 'CAPTION', 'TAG_LINE') if getattr(v, n)._compiled is not None])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
