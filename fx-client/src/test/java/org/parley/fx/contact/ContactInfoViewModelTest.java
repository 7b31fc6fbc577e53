package org.parley.fx.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.testing.TestClients;

class ContactInfoViewModelTest {
    @RegisterExtension final TestClients clients = new TestClients();

    @Test
    void showsTheSafetyNumberInTwelveGroupsAndMarksTheContactVerified() throws Exception {
        ActiveSession alice = clients.signUp(clients.client("alice"), "alice");
        ActiveSession bob = clients.signUp(clients.client("bob"), "bob");
        AtomicInteger trustChanges = new AtomicInteger();
        ContactInfoViewModel vm =
                new ContactInfoViewModel(
                        alice.session(), clients.async, trustChanges::incrementAndGet);

        vm.show("bob");
        clients.ui.runUntil(() -> !vm.busyProperty().get(), "the safety number");

        assertThat(vm.safetyNumberGroupsProperty().get())
                .hasSize(12)
                .allMatch(g -> g.matches("\\d{5}"));
        assertThat(vm.safetyNumberProperty().get())
                .isEqualTo(bob.session().safetyNumber("alice").get());
        assertThat(vm.statusProperty().get()).isEqualTo("Not verified");
        assertThat(vm.canMarkVerifiedProperty().get()).isTrue();
        assertThat(vm.warningProperty().get()).isEmpty();

        vm.markVerified();
        clients.ui.runUntil(() -> vm.verifiedProperty().get(), "the verification");
        assertThat(vm.statusProperty().get()).isEqualTo("Verified");
        assertThat(vm.canMarkVerifiedProperty().get()).isFalse();
        assertThat(trustChanges.get()).isEqualTo(1);
    }
}
