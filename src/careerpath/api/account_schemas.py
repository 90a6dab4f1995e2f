"""Request and response models of the account routes (multi-user service only)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from careerpath.api.views import MatchesView
from careerpath.server.searches import SearchFilters, SearchProfile


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=320, examples=["ada@example.org"])
    password: str = Field(min_length=1, max_length=1024, description="12 to 1024 characters")


class PasswordConfirmation(BaseModel):
    password: str = Field(min_length=1, max_length=1024)


class AccountResponse(BaseModel):
    id: int
    email: str
    is_admin: bool


class LoginResponse(AccountResponse):
    csrf_token: str = Field(description="Repeat in the X-CSRF-Token header of cookie-authenticated changes")


class TokenRequest(BaseModel):
    name: str = Field("script", min_length=1, max_length=100)


class TokenResponse(BaseModel):
    id: int
    name: str
    created_at: str
    last_used_at: str | None


class NewTokenResponse(TokenResponse):
    token: str = Field(description="The secret; shown this once, only its hash is stored")


class TokensResponse(BaseModel):
    tokens: list[TokenResponse]


class SavedAssessmentSummary(BaseModel):
    id: int
    created_at: str
    top_role: str | None
    top_fit: float | None
    resume_kept: bool


class HistoryResponse(BaseModel):
    assessments: list[SavedAssessmentSummary]


class ProgressResponse(BaseModel):
    done: list[str] = Field(description="Skill ids marked done; plans leave them out")


class UserSummary(BaseModel):
    id: int
    email: str
    is_admin: bool
    disabled: bool
    created_at: str


class UsersResponse(BaseModel):
    users: list[UserSummary]


class SavedSearchResponse(BaseModel):
    id: int
    name: str
    created_at: str
    last_run_at: str | None = Field(description="When it was last run, or null")
    filters: SearchFilters
    profile: SearchProfile


class SearchesResponse(BaseModel):
    searches: list[SavedSearchResponse]


class SearchRunResponse(BaseModel):
    search: SavedSearchResponse
    matches: MatchesView = Field(description="The postings of the market store as it is now")
