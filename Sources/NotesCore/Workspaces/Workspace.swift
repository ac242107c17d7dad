import SQLiteStore

/// A workspace as stored (CLI.md §5).
public struct Workspace: Sendable, Equatable {
    public let id: String
    public var name: String
    public var slug: String
    public var archived: Bool
    public var agentPolicy: AgentPolicy
    public let createdAt: String
    public var updatedAt: String
    public var version: Int

    static let columns = "id, name, slug, archived, agent_policy, created_at, updated_at, version"

    init(row: Row) {
        id = row.text(0)
        name = row.text(1)
        slug = row.text(2)
        archived = row.bool(3)
        agentPolicy = AgentPolicy(rawValue: row.text(4)) ?? .propose
        createdAt = row.text(5)
        updatedAt = row.text(6)
        version = row.int(7)
    }

    init(id: String, name: String, slug: String, now: String) {
        self.id = id
        self.name = name
        self.slug = slug
        archived = false
        agentPolicy = .propose
        createdAt = now
        updatedAt = now
        version = 1
    }

    public var json: JSONObject {
        ["id": .string(id), "name": .string(name), "slug": .string(slug), "archived": .bool(archived),
         "agent_policy": .string(agentPolicy.rawValue), "created_at": .string(createdAt),
         "updated_at": .string(updatedAt), "version": .int(Int64(version))]
    }

    /// How users see it in messages: the slug.
    var label: String { slug }
}

/// A membership (CLI.md §5).
public struct Member: Sendable, Equatable {
    public let workspaceId: String
    public let actor: String
    public let role: Role
    public let addedAt: String

    public var json: JSONObject {
        ["actor": .string(actor), "role": .string(role.rawValue), "added_at": .string(addedAt),
         "workspace_id": .string(workspaceId)]
    }
}
