# secmock: a stateful, contract-validating mock of four security-scanning APIs.
#   docker build -t secmock .
#   docker run --rm -p 4000:4000 -p 4010-4013:4010-4013 -e SECMOCK_ADMIN_TOKEN=choose-one secmock
# Listening on 0.0.0.0, the admin API always needs a token: SECMOCK_ADMIN_TOKEN (read by the
# server and by the HEALTHCHECK's `secmock health` alike), or the one secmock makes up and
# prints in its banner (docker logs); the health check counts a 401 as up.
# The shipped specs and scenarios are in the binary; add your own from a mount:
#   docker run -v $PWD/scenarios:/scenarios:ro ... secmock --scenarios-dir /scenarios --scenario mine

# Dependencies are built from cargo-chef's recipe (the manifests, with every target of the
# workspace found by cargo-chef rather than listed by hand), so a source edit rebuilds
# secmock alone.
FROM rust:1.95-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version ~0.1
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
# The image needs no line tables (benches/ profiles a local build): a smaller binary.
ENV CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=symbols
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json --bin secmock
COPY . .
RUN cargo build --release --locked --bin secmock

# distroless/cc: glibc and libgcc, nothing else (no shell, no package manager, no curl);
# the health check is the binary's own `secmock health`.
FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
# Where the image was built from: `--build-arg SOURCE=$(git remote get-url origin)
# --build-arg REVISION=$(git rev-parse HEAD)` (empty when not given, rather than a guess).
ARG VERSION=0.1.0
ARG SOURCE=""
ARG REVISION=""
LABEL org.opencontainers.image.title="secmock" \
      org.opencontainers.image.description="A stateful, contract-validating mock of four security-scanning APIs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/cc-debian12:nonroot"
COPY --from=build /src/target/release/secmock /usr/local/bin/secmock
# Listen on every interface inside the container (the CLI default is 127.0.0.1).
ENV SECMOCK_HOST=0.0.0.0
# Lazy arena commit: idle RSS 36 MB instead of 50 MB. .cargo/config.toml makes it the
# built-in default; the variable holds it for a build that did not.
ENV MIMALLOC_ARENA_EAGER_COMMIT=0
# admin, dryrun, kolega, securescan, platform
EXPOSE 4000 4010 4011 4012 4013
USER nonroot
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["secmock", "health"]
ENTRYPOINT ["secmock"]
