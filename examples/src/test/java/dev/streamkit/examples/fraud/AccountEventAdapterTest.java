package dev.streamkit.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.EventKind;
import org.junit.jupiter.api.Test;

/**
 * The adapter never throws on what the input contract normally keeps out (it is the last line of
 * defence if a job forgets the contract), and a missing location is no location, never (0, 0).
 */
class AccountEventAdapterTest {
    private final AccountEventAdapter adapter = new AccountEventAdapter();

    @Test
    void missingOrUnknownTypeIsOtherNotAnException() {
        assertThat(adapter.kind(event(null, 10.0, null, null))).isEqualTo(EventKind.OTHER);
        assertThat(adapter.kind(event("refund", 10.0, null, null))).isEqualTo(EventKind.OTHER);
        assertThat(adapter.kind(event("login_failure", null, null, null)))
                .isEqualTo(EventKind.LOGIN_FAILURE);
    }

    @Test
    void missingAmountIsZero() {
        assertThat(adapter.amount(event(AccountEvent.LOGIN_SUCCESS, null, null, null))).isZero();
        assertThat(adapter.amount(event(AccountEvent.TRANSACTION, 12.5, null, null)))
                .isEqualTo(12.5);
    }

    @Test
    void anEventWithoutBothCoordinatesHasNoLocation() {
        assertThat(adapter.hasLocation(event(AccountEvent.LOGIN_SUCCESS, 0.0, null, null)))
                .isFalse();
        assertThat(adapter.hasLocation(event(AccountEvent.LOGIN_SUCCESS, 0.0, 51.5, null)))
                .isFalse();
        AccountEvent located = event(AccountEvent.LOGIN_SUCCESS, 0.0, 0.0, 0.0);
        assertThat(adapter.hasLocation(located)).isTrue();
        assertThat(adapter.latitude(located)).isZero();
        assertThat(adapter.longitude(located)).isZero();
    }

    private static AccountEvent event(String type, Double amount, Double lat, Double lon) {
        return new AccountEvent("e-1", "a-1", type, 1_767_225_600_000L, amount, lat, lon);
    }
}
