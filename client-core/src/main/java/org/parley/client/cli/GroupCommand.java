package org.parley.client.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.client.GroupInfo;
import org.parley.client.Groups;
import org.parley.client.OutgoingMessage;
import org.parley.client.Session;
import org.parley.model.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley-cli group ...}: group chats. GROUP is a group id (as printed by {@code group
 * create} and {@code group list}) or the exact name of one of your groups.
 */
@Command(
        name = "group",
        description =
                "Group chats: create, add, remove, leave, list, send, info, rename, transfer, delete.",
        subcommands = {
            GroupCommand.Create.class,
            GroupCommand.Add.class,
            GroupCommand.Remove.class,
            GroupCommand.Leave.class,
            GroupCommand.ListGroups.class,
            GroupCommand.Send.class,
            GroupCommand.Info.class,
            GroupCommand.Rename.class,
            GroupCommand.Transfer.class,
            GroupCommand.Delete.class
        })
final class GroupCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand ParleyCli cli;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(cli.out);
        return 2;
    }

    /** Logs in, runs {@code work}, waits for what it queued to reach a broker, logs out. */
    <T> T withGroups(GroupWork<T> work) throws Exception {
        try (Session session = cli.login(cli.client(), null)) {
            T result = work.run(session, session.groups());
            session.awaitOutgoing(Duration.ofSeconds(5));
            return result;
        }
    }

    interface GroupWork<T> {
        T run(Session session, Groups groups) throws Exception;
    }

    /**
     * A group id (with or without '#'), or the exact (case-insensitive) name of one of my groups.
     */
    static String resolve(Groups groups, String ref) throws Exception {
        String r = ref.startsWith(Groups.CONVERSATION_PREFIX) ? ref.substring(1) : ref;
        if (Ids.isValid(r)) {
            return r;
        }
        List<GroupInfo> matches = new ArrayList<>();
        for (GroupInfo g : ParleyCli.await(groups.list(), TIMEOUT)) {
            if (g.name().toLowerCase(Locale.ROOT).equals(ref.toLowerCase(Locale.ROOT))) {
                matches.add(g);
            }
        }
        if (matches.isEmpty()) {
            throw new ParleyCli.CliException(
                    "you are in no group named '" + ref + "' (see: group list)");
        }
        if (matches.size() > 1) {
            throw new ParleyCli.CliException(
                    "several of your groups are named '" + ref + "'; use the id (see: group list)");
        }
        return matches.get(0).id();
    }

    static String describe(GroupInfo g, @Nullable String me) {
        StringBuilder sb = new StringBuilder();
        sb.append(g.id()).append('\t').append(g.name()).append('\t');
        List<String> names = new ArrayList<>();
        for (String m : g.members()) {
            names.add(g.isAdmin(m) ? m + " (admin)" : m);
        }
        sb.append(String.join(", ", names));
        if (!g.unverifiedMembers().isEmpty()) {
            sb.append("\t[ignored, not signed in by the admin: ")
                    .append(String.join(", ", g.unverifiedMembers()))
                    .append(']');
        }
        return sb.toString();
    }

    @SuppressWarnings("NullAway.Init") // picocli sets the required parameters before call()
    @Command(name = "create", description = "Create a group with you as admin; prints its id.")
    static final class Create implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The group's name (1 to 64 characters).")
        String name;

        @Option(
                names = {"-m", "--members"},
                split = ",",
                paramLabel = "USER",
                description = "Members to add, comma-separated.")
        List<String> members = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) -> ParleyCli.await(groups.create(name, members), TIMEOUT));
            group.cli.out.println(g.id());
            return 0;
        }
    }

    @Command(name = "list", description = "List your groups: id, name, members.")
    static final class ListGroups implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Override
        public Integer call() throws Exception {
            List<GroupInfo> list =
                    group.withGroups((s, groups) -> ParleyCli.await(groups.list(), TIMEOUT));
            for (GroupInfo g : list) {
                group.cli.out.println(describe(g, null));
            }
            return 0;
        }
    }

    /** What a subcommand does to one group, given its resolved id. */
    interface GroupCall<T> {
        CompletableFuture<T> apply(Groups groups, String groupId) throws Exception;
    }

    /** A subcommand about one GROUP, its first parameter. */
    @SuppressWarnings("NullAway.Init") // picocli sets the required parameters before call()
    abstract static class OnGroup implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        /** Logs in, resolves GROUP, runs {@code call} on it and waits for its result. */
        <T> T on(GroupCall<T> call) throws Exception {
            return group.withGroups(
                    (s, groups) ->
                            ParleyCli.await(call.apply(groups, resolve(groups, ref)), TIMEOUT));
        }

        /** Prints the group as {@code call} left it. */
        int printGroup(GroupCall<GroupInfo> call) throws Exception {
            group.cli.out.println(describe(on(call), null));
            return 0;
        }

        /** Prints {@code done} once {@code call} has completed. */
        int printDone(GroupCall<Void> call, String done) throws Exception {
            on(call);
            group.cli.out.println(done);
            return 0;
        }
    }

    /** A subcommand about one GROUP and one USER, its two parameters. */
    @SuppressWarnings("NullAway.Init") // picocli sets the required parameters before call()
    abstract static class OnGroupMember extends OnGroup {
        @Parameters(index = "1", paramLabel = "USER")
        String user;
    }

    @Command(name = "add", description = "Add USER to GROUP (admin only).")
    static final class Add extends OnGroupMember {
        @Override
        public Integer call() throws Exception {
            return printGroup((groups, id) -> groups.add(id, user));
        }
    }

    @Command(
            name = "remove",
            description = "Remove USER from GROUP (admin only); they get nothing sent afterwards.")
    static final class Remove extends OnGroupMember {
        @Override
        public Integer call() throws Exception {
            return printGroup((groups, id) -> groups.remove(id, user));
        }
    }

    @Command(name = "transfer", description = "Make USER the admin of GROUP (admin only).")
    static final class Transfer extends OnGroupMember {
        @Override
        public Integer call() throws Exception {
            return printGroup((groups, id) -> groups.transferAdmin(id, user));
        }
    }

    @Command(
            name = "leave",
            description = "Leave GROUP (the admin must make someone else admin first).")
    static final class Leave extends OnGroup {
        @Override
        public Integer call() throws Exception {
            return printDone((groups, id) -> groups.leave(id), "Left the group");
        }
    }

    @Command(name = "delete", description = "Delete GROUP (admin only).")
    static final class Delete extends OnGroup {
        @Override
        public Integer call() throws Exception {
            return printDone((groups, id) -> groups.delete(id), "Deleted the group");
        }
    }

    @SuppressWarnings("NullAway.Init") // picocli sets the required parameters before call()
    @Command(name = "rename", description = "Rename GROUP (admin only).")
    static final class Rename extends OnGroup {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return printGroup((groups, id) -> groups.rename(id, name));
        }
    }

    @Command(name = "info", description = "Show GROUP's members, admin and membership history.")
    static final class Info extends OnGroup {
        @Override
        public Integer call() throws Exception {
            GroupInfo g = on((groups, id) -> groups.refresh(id));
            group.cli.out.println(describe(g, null));
            for (GroupInfo.MembershipChange c : g.changes()) {
                group.cli.out.println(
                        "  " + java.time.Instant.ofEpochMilli(c.ts()) + " " + c.describe());
            }
            return 0;
        }
    }

    @SuppressWarnings("NullAway.Init") // picocli sets the required parameters before call()
    @Command(name = "send", description = "Send a text to every member of GROUP.")
    static final class Send extends OnGroup {
        @Parameters(
                index = "1",
                arity = "1..*",
                paramLabel = "TEXT",
                description = "The message (words are joined by spaces).")
        List<String> words;

        @Override
        public Integer call() throws Exception {
            OutgoingMessage sent =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.awaitSent(
                                            groups.sendText(
                                                    resolve(groups, ref), String.join(" ", words)),
                                            TIMEOUT,
                                            "message"));
            group.cli.out.println(sent.id());
            return 0;
        }
    }
}
