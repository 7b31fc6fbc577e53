package org.parley.client.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
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

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
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

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "add", description = "Add USER to GROUP (admin only).")
    static final class Add implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.await(
                                            groups.add(resolve(groups, ref), user), TIMEOUT));
            group.cli.out.println(describe(g, null));
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(
            name = "remove",
            description = "Remove USER from GROUP (admin only); they get nothing sent afterwards.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.await(
                                            groups.remove(resolve(groups, ref), user), TIMEOUT));
            group.cli.out.println(describe(g, null));
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(
            name = "leave",
            description = "Leave GROUP (the admin must make someone else admin first).")
    static final class Leave implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Override
        public Integer call() throws Exception {
            group.withGroups(
                    (s, groups) -> ParleyCli.await(groups.leave(resolve(groups, ref)), TIMEOUT));
            group.cli.out.println("Left the group");
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

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "info", description = "Show GROUP's members, admin and membership history.")
    static final class Info implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.await(groups.refresh(resolve(groups, ref)), TIMEOUT));
            group.cli.out.println(describe(g, null));
            for (GroupInfo.MembershipChange c : g.changes()) {
                group.cli.out.println(
                        "  " + java.time.Instant.ofEpochMilli(c.ts()) + " " + c.describe());
            }
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "send", description = "Send a text to every member of GROUP.")
    static final class Send implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

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
                            (s, groups) -> {
                                try {
                                    return ParleyCli.await(
                                            groups.sendText(
                                                    resolve(groups, ref), String.join(" ", words)),
                                            TIMEOUT);
                                } catch (TimeoutException e) {
                                    throw new ParleyCli.CliException(
                                            "the message is stored but could not be sent yet; it will be"
                                                    + " retried at the next login");
                                }
                            });
            group.cli.out.println(sent.id());
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "rename", description = "Rename GROUP (admin only).")
    static final class Rename implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.await(
                                            groups.rename(resolve(groups, ref), name), TIMEOUT));
            group.cli.out.println(describe(g, null));
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "transfer", description = "Make USER the admin of GROUP (admin only).")
    static final class Transfer implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Override
        public Integer call() throws Exception {
            GroupInfo g =
                    group.withGroups(
                            (s, groups) ->
                                    ParleyCli.await(
                                            groups.transferAdmin(resolve(groups, ref), user),
                                            TIMEOUT));
            group.cli.out.println(describe(g, null));
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "delete", description = "Delete GROUP (admin only).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String ref;

        @Override
        public Integer call() throws Exception {
            group.withGroups(
                    (s, groups) -> ParleyCli.await(groups.delete(resolve(groups, ref)), TIMEOUT));
            group.cli.out.println("Deleted the group");
            return 0;
        }
    }
}
