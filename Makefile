# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export KOMFY_HOME ?= $(HOME)/.cache/komfy
export PKG_CONFIG_PATH := $(KOMFY_HOME)/librdkafka-2.8.0/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

.PHONY: setup build build-tests run test bench bench-ingest clean

## Install apt packages, librdkafka 2.8, Tansu, the tools venv and the ComfyUI engine (cached).
setup:
	@deploy/local/setup.sh

build: setup
	swift build

build-tests: setup
	swift build --build-tests

## Start Komfy on this machine (the embedded default).
run: build
	.build/debug/komfy up $(ARGS)

## Build and run every test against a real broker.
test: build-tests
	deploy/local/run-tests.sh

## The Kafka layer's benchmark against raw librdkafka (release build).
bench: setup
	swift build -c release --product komfy
	.build/release/komfy bench kafka $(ARGS)

## The ingest API's benchmark: POST /v1/jobs against ComfyUI's POST /prompt and /healthz (release build).
bench-ingest: setup
	swift build -c release --product komfy
	.build/release/komfy bench ingest $(ARGS)

clean:
	rm -rf .build
