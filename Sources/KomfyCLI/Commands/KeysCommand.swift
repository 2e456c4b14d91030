import ArgumentParser
import Foundation
import KomfyAccess
import KomfyIngest

/// `komfy keys create|list|revoke`: API keys, as events on `komfy.api-keys` (digests only).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it once.")

        @OptionGroup var broker: BrokerOptions
        @Option(name: .long, help: "What the key is for, e.g. 'render farm'.")
        var name: String
        @Option(name: .long, help: "The tenant the key belongs to; its jobs are visible only to that tenant's keys. Default: the name.")
        var tenant: String?
        @Option(name: .long, help: "free, pro or enterprise: the limits the key gets.")
        var plan: Plan = .free
        @Flag(name: .long, help: "Create an sk_test_ key instead of sk_live_.")
        var test = false

        func run() async throws {
            let (secret, record) = try await ApiKeyAdmin(kafka: broker.client).create(
                name: name, tenant: tenant ?? name, plan: plan, mode: test ? .test : .live)
            print("""
                Created \(record.keyID) (\(record.mode.rawValue), plan \(record.plan), tenant '\(record.tenant)').
                Your API key, shown only this once; store it somewhere safe:

                    \(secret.text)

                Use it as 'Authorization: Bearer <key>'.
                """)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var broker: BrokerOptions

        func run() async throws {
            let keys = try await ApiKeyAdmin(kafka: broker.client).table().list()
            guard !keys.isEmpty else {
                print("No API keys yet. Create one with: komfy keys create --name NAME")
                return
            }
            for key in keys { print(key) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; requests with it get 401 revoked_api_key.")

        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The key id, e.g. key_3f9a0c1d2e4b5a69 (see `komfy keys list`).")
        var keyID: String
        @Option(name: .long, help: "Why, for the audit trail.")
        var reason: String?

        func run() async throws {
            guard let id = ApiKeyID(rawValue: keyID) else {
                throw ValidationError("'\(keyID)' is not a key id; they look like key_ and 16 hex digits (see `komfy keys list`).")
            }
            let record = try await ApiKeyAdmin(kafka: broker.client).revoke(id, reason: reason)
            print("Revoked \(record.keyID) ('\(record.name)', tenant '\(record.tenant)').")
        }
    }
}

extension Plan: ExpressibleByArgument {}
