"""How newcomer effects change what later steps of the same event see (the core applies
these to the `Ctx` before the next question is asked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conversations.effects import Effect, FinishResponse
from conversations.newcomer.effects import LogMeeting, MarkStep
from conversations.newcomer.model import Meeting
from conversations.newcomer.vocabulary import INTAKE

if TYPE_CHECKING:
    from conversations.context import Ctx


def project_newcomer(ctx: Ctx, eff: Effect) -> Ctx:
    newcomer, supporter = ctx.newcomer, ctx.supporter
    if isinstance(eff, FinishResponse) and eff.form_id == INTAKE and newcomer is not None:
        newcomer = newcomer.model_copy(update={"answers": dict(eff.answers)})
    elif isinstance(eff, MarkStep) and newcomer is not None:
        progress = {k: v for k, v in newcomer.progress.items() if k != eff.step_id}
        if eff.status is not None:
            progress[eff.step_id] = eff.status
        newcomer = newcomer.model_copy(update={"progress": progress})
    elif isinstance(eff, LogMeeting) and supporter is not None:
        mentees = tuple(
            m.model_copy(
                update={"meetings": (*m.meetings, Meeting(met_on=eff.met_on, note=eff.note))}
            )
            if m.request_id == eff.request_id
            else m
            for m in supporter.mentees
        )
        supporter = supporter.model_copy(update={"mentees": mentees})
    else:
        return ctx
    return ctx.model_copy(update={"newcomer": newcomer, "supporter": supporter})
