/**
 * Implementation of core-windows: operators, assigners, accumulators and their serializers. Not
 * API: anything here may change in any release. Java serialization of these classes only ships them
 * in a job graph; state is written by the explicit serializers.
 *
 * @serial exclude
 */
package dev.streamkit.windows.internal;
