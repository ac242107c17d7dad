import SQLiteStore

/// Roles a member holds in a workspace.
public enum Role: String, CaseIterable, Sendable {
    case owner, editor, viewer
}

/// What agents without a membership may do in a workspace (CLI.md §7).
public enum AgentPolicy: String, CaseIterable, Sendable {
    case deny, propose, write
}

/// What an operation needs.
enum Access {
    case read, write, manage

    var verb: String {
        switch self {
        case .read: "read"
        case .write: "write"
        case .manage: "manage"
        }
    }
}

/// The workspace rules, in one place (CLI.md §4 workspace, §7): members act by role; agents
/// without a membership act by the workspace's agent policy.
final class AccessCache {
    private let tx: Transaction
    private var roles: [String: Role?] = [:]
    private var policies: [String: AgentPolicy] = [:]

    init(_ tx: Transaction) { self.tx = tx }

    func role(in workspaceId: String) throws -> Role? {
        if let cached = roles[workspaceId] { return cached }
        let role = try tx.db.scalarText("SELECT role FROM members WHERE workspace_id = ? AND actor = ?",
                                        [.text(workspaceId), .text(tx.actor.description)]).flatMap(Role.init(rawValue:))
        roles[workspaceId] = role
        return role
    }

    func policy(of workspaceId: String) throws -> AgentPolicy {
        if let cached = policies[workspaceId] { return cached }
        let policy = try tx.db.scalarText("SELECT agent_policy FROM workspaces WHERE id = ?", [.text(workspaceId)])
            .flatMap(AgentPolicy.init(rawValue:)) ?? .deny
        policies[workspaceId] = policy
        return policy
    }

    /// Whether the actor may read in the workspace. Store-wide events, and those of deleted
    /// workspaces, are for the store's owner only: the OS user the file belongs to.
    func canRead(workspaceId: String?) throws -> Bool {
        let isStoreOwner = tx.actor == Actor(kind: .user, name: tx.context.loginName)
        guard let workspaceId else { return isStoreOwner }
        guard try tx.db.scalarInt("SELECT 1 FROM workspaces WHERE id = ?", [.text(workspaceId)]) != nil else {
            return isStoreOwner
        }
        return (try? check(.read, workspaceId: workspaceId, label: workspaceId)) != nil
    }

    /// Throws `forbidden`, naming the missing role or policy, unless the actor may do `access`.
    func check(_ access: Access, workspaceId: String, label: String) throws {
        if tx.proposing && access != .read {
            // Proposing needs only read access: whoever applies is checked then.
            return try check(.read, workspaceId: workspaceId, label: label)
        }
        let actor = tx.actor
        if let role = try role(in: workspaceId) {
            switch (access, role) {
            case (.read, _), (.write, .owner), (.write, .editor), (.manage, .owner): return
            case (.write, .viewer):
                throw NotesError.forbidden("\(actor) is a viewer of workspace '\(label)': writing needs the editor or owner role",
                                           details: ["required_role": "editor", "role": "viewer"])
            case (.manage, _):
                throw NotesError.forbidden("\(actor) is \(role == .editor ? "an" : "a") \(role.rawValue) of workspace '\(label)': this needs the owner role",
                                           details: ["required_role": "owner", "role": .string(role.rawValue)])
            }
        }
        guard actor.isAgent else {
            throw NotesError.forbidden("\(actor) is not a member of workspace '\(label)'",
                                       hint: "an owner can add you: notesctl workspace member add \(actor) --role editor -w \(label)",
                                       details: ["required_role": access == .manage ? "owner" : access == .write ? "editor" : "viewer"])
        }
        let policy = try policy(of: workspaceId)
        switch (access, policy) {
        case (.read, .propose), (.read, .write), (.write, .write): return
        case (_, .deny):
            throw NotesError.forbidden("agents may not \(access.verb) in workspace '\(label)' (agent policy: deny)",
                                       details: ["agent_policy": "deny"])
        case (.write, .propose):
            throw NotesError.forbidden("agents may not write directly in workspace '\(label)' (agent policy: propose)",
                                       hint: "re-run the command with --propose to ask a person to approve it",
                                       details: ["agent_policy": "propose"])
        case (.manage, _):
            throw NotesError.forbidden("agents may not manage workspace '\(label)': this needs the owner role",
                                       details: ["agent_policy": .string(policy.rawValue), "required_role": "owner"])
        }
    }
}
