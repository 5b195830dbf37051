package dev.streamkit.cep;

import org.apache.flink.annotation.PublicEvolving;

/** What an event means to the fraud patterns; returned by {@link EventAdapter#kind(Object)}. */
@PublicEvolving
public enum EventKind {
    /** A payment, transfer or withdrawal; carries an {@link EventAdapter#amount(Object) amount}. */
    TRANSACTION,
    /** A successful login. */
    LOGIN_SUCCESS,
    /** A failed login attempt. */
    LOGIN_FAILURE,
    /** A password reset, new device, changed e-mail or phone number: anything that moves trust. */
    CREDENTIAL_CHANGE,
    /** Any other activity (counts as activity for dormancy, ignored by the other patterns). */
    OTHER
}
