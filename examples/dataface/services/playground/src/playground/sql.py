"""SQL formatting: the one piece of real work the playground offers."""

from enum import StrEnum

import sqlparse


class KeywordCase(StrEnum):
    UPPER = "upper"
    LOWER = "lower"
    CAPITALIZE = "capitalize"


def format_sql(sql: str, keyword_case: KeywordCase = KeywordCase.UPPER) -> str:
    """Re-indent SQL statements and normalise keyword case; identifiers are left as written."""
    formatted = sqlparse.format(
        sql,
        reindent=True,
        keyword_case=keyword_case.value,
        strip_comments=False,
        use_space_around_operators=True,
    )
    return formatted.strip()


def count_statements(sql: str) -> int:
    """Number of non-empty statements in the input."""
    return sum(1 for statement in sqlparse.parse(sql) if str(statement).strip(" \n\t;"))
