"""HTTP surface of the playground service."""

import os

from fastapi import FastAPI
from pydantic import BaseModel, Field

from playground.sql import KeywordCase, count_statements, format_sql

MAX_SQL_CHARS = 20_000

app = FastAPI(title="dataface playground", version=os.environ.get("APP_VERSION", "dev"))


class FormatRequest(BaseModel):
    sql: str = Field(min_length=1, max_length=MAX_SQL_CHARS)
    keyword_case: KeywordCase = KeywordCase.UPPER


class FormatResponse(BaseModel):
    formatted: str
    statements: int


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/")
def index() -> dict[str, str]:
    return {"service": "playground", "version": os.environ.get("APP_VERSION", "dev")}


@app.post("/sql/format")
def sql_format(request: FormatRequest) -> FormatResponse:
    return FormatResponse(
        formatted=format_sql(request.sql, request.keyword_case),
        statements=count_statements(request.sql),
    )
