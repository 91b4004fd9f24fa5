"""Holiday data of the `chinese-calendar` package, read once and named in Chinese.

The package answers `is_workday(d)` in about 14 µs because it re-validates the year
range on every call; we read its two tables (rest days and 调休 working days) directly,
once, and never call it in a loop.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
from chinese_calendar import constants

PACKAGE_SOURCE = f"chinese-calendar {chinese_calendar.__version__}"

# The package names holidays in English; legal text names them in Chinese.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# The package files these days under a single English name, losing what the State
# Council notices say: 2020-10-01 was both 国庆节 and 中秋节 (notice on the 2020
# holidays), and 31 Jan - 2 Feb 2020 were added to the Spring Festival holiday because
# of COVID-19 (国务院办公厅关于延长2020年春节假期的通知).
_COVID_EXTENSION = "抗击新冠肺炎疫情延长春节假期"
NAME_FIXES = {
    date(2020, 10, 1): "国庆节、中秋节",
    date(2020, 1, 31): _COVID_EXTENSION,
    date(2020, 2, 1): _COVID_EXTENSION,
    date(2020, 2, 2): _COVID_EXTENSION,
}


def package_years() -> range:
    """Return the years the installed package has data for (2004-2026 in 1.11.0)."""
    first = min(constants.holidays).year
    last = max(constants.holidays).year
    return range(first, last + 1)


def package_rest_days() -> dict[date, str]:
    """Return every statutory rest day the package lists, with its Chinese name.

    Ordinary weekends are not listed; a weekend day inside a holiday block is.
    """
    return {
        d: NAME_FIXES.get(d) or CHINESE_NAMES.get(name, name)
        for d, name in constants.holidays.items()
    }


def package_working_weekends() -> dict[date, str]:
    """Return the weekend days made working days (调休上班), with the holiday they serve."""
    return {d: CHINESE_NAMES.get(name, name) for d, name in constants.workdays.items()}
