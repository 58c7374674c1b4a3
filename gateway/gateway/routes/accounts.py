"""Sign-up, sign-in and the caller's own account (A1, A2)."""

from catalog import contract as catalog_schemas
from gateway import auth, schemas
from gateway.http import client_address, route


class AccountRoutes:
    """A1, A2."""

    # accounts (A1, A2)
    @route(
        "POST",
        "/v1/auth/signup",
        public=True,
        body=catalog_schemas.SignUpSchema,
        status=201,
        response=catalog_schemas.AccountSchema,
        summary="Create an account",
        tags=["accounts"],
    )
    def sign_up(self, request, body):
        return self.catalog.sign_up(body)

    @route(
        "POST",
        "/v1/auth/token",
        public=True,
        body=catalog_schemas.SignInSchema,
        response=schemas.TokenSchema,
        summary="Sign in, get an access token",
        tags=["accounts"],
    )
    def sign_in(self, request, body):
        return auth.issue_token(
            self.catalog.authenticate(body, client_address=client_address(request, self.config)),
            self.config,
        )

    @route(
        "GET",
        "/v1/me",
        response=catalog_schemas.AccountSchema,
        summary="My account and seller profile",
        tags=["accounts"],
    )
    def me(self, request, caller):
        return self.catalog.get_account(caller["id"])

    @route(
        "PATCH",
        "/v1/me",
        body=catalog_schemas.ProfileUpdateSchema,
        response=catalog_schemas.AccountSchema,
        summary="Update my profile",
        tags=["accounts"],
    )
    def update_me(self, request, caller, body):
        return self.catalog.update_profile(body)
