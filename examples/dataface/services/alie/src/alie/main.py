"""HTTP surface of the alie service."""

import logging
import os
from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from alie.glossary import glossary_answer
from alie.model import ModelError, ask_model
from alie.settings import load_settings

log = logging.getLogger("alie")

app = FastAPI(title="dataface alie", version=os.environ.get("APP_VERSION", "dev"))


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=2_000)


class Answer(BaseModel):
    answer: str
    source: Literal["model", "fallback"]
    detail: str | None = None


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/liveness")
def liveness() -> dict[str, str]:
    return {"status": "alive"}


@app.get("/ready")
def ready() -> dict[str, str]:
    settings = load_settings()
    return {
        "status": "ready",
        "model": "configured" if settings.model_configured else "not configured",
    }


@app.post("/ask")
async def ask(body: Question) -> Answer:
    settings = load_settings()
    if not settings.model_configured:
        return Answer(
            answer=glossary_answer(body.question),
            source="fallback",
            detail="OPENAI_API_KEY is not configured; answered from the built-in glossary.",
        )
    try:
        answer = await ask_model(settings, body.question)
    except ModelError as error:
        log.warning("model request failed: %s", error)
        raise HTTPException(status_code=502, detail=str(error)) from None
    return Answer(answer=answer, source="model")
