# secmock: a stateful, contract-validating mock of four security-scanning APIs.
#   docker build -t secmock .
#   docker run --rm -p 4000:4000 -p 4010-4013:4010-4013 -e SECMOCK_ADMIN_TOKEN=choose-one secmock
# Listening on 0.0.0.0, the admin API always needs a token: SECMOCK_ADMIN_TOKEN, or the one
# secmock makes up and prints in its banner (docker logs).
# Specs and scenarios are baked in under /srv/secmock; mount your own over them:
#   docker run -v $PWD/scenarios:/srv/secmock/scenarios:ro ... secmock --scenario mine

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# The image needs no line tables (benches/ profiles a local build): a smaller binary.
ENV CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=symbols
# Dependencies first, so that source edits do not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches examples \
 && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
 && echo 'fn main() {}' > benches/validator.rs \
 && for e in bare_axum stateful_load; do echo 'fn main() {}' > examples/$e.rs; done \
 && cargo build --release --locked --bin secmock \
 && rm -rf src benches examples
COPY . .
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin secmock

FROM debian:bookworm-slim AS runtime
RUN useradd --system --uid 10001 --home-dir /srv/secmock secmock
WORKDIR /srv/secmock
COPY --from=build /src/target/release/secmock /usr/local/bin/secmock
COPY specs ./specs
COPY scenarios ./scenarios
USER secmock
# Listen on every interface inside the container (the CLI default is 127.0.0.1).
ENV SECMOCK_HOST=0.0.0.0
# Lazy arena commit: idle RSS 39 MB instead of 57 MB (see .cargo/config.toml).
ENV MIMALLOC_ARENA_EAGER_COMMIT=0
# admin, dryrun, kolega, securescan, platform
EXPOSE 4000 4010 4011 4012 4013
ENTRYPOINT ["secmock"]
