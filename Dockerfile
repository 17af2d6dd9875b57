# civreg with Tesseract, for `docker compose`. Two stages: build with cgo against Debian's
# tesseract and leptonica, run on the same Debian with only the runtime libraries.
FROM golang:1.26-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -o /out/civreg ./cmd/civreg

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd poppler-utils ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 civreg
COPY --from=build /out/civreg /usr/local/bin/civreg
USER civreg
ENV OMP_THREAD_LIMIT=1
ENTRYPOINT ["civreg"]
CMD ["serve"]
