package io.evex.schemas.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns an event of one version of a type into the next or previous version. */
public interface EventConverter {

    /** The event type converted. */
    String type();

    /** The version read. */
    int from();

    /** The version written. */
    int to();

    /** A new event in version {@link #to()}; the input is never modified. */
    ObjectNode convert(ObjectNode event);
}
