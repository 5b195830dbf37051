package dev.streamkit.cep.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Haversine distances against independently known values, and the speed edge cases. */
class GeoTest {

    @Test
    void distancesMatchKnownValues() {
        // a quarter of a great circle: pole to equator
        assertThat(Geo.distanceKm(90, 0, 0, 0)).isCloseTo(6371.0 * Math.PI / 2, within(1e-6));
        // antipodes on the equator: half a great circle
        assertThat(Geo.distanceKm(0, 0, 0, 180)).isCloseTo(6371.0 * Math.PI, within(1e-6));
        // Paris to London, about 343.5 km on a 6371 km sphere
        assertThat(Geo.distanceKm(48.8566, 2.3522, 51.5074, -0.1278)).isCloseTo(343.5, within(1.0));
        assertThat(Geo.distanceKm(10, 20, 10, 20)).isZero();
        // symmetric
        assertThat(Geo.distanceKm(40.71, -74.0, 35.68, 139.69))
                .isCloseTo(Geo.distanceKm(35.68, 139.69, 40.71, -74.0), within(1e-9));
    }

    @Test
    void speedEdgeCases() {
        assertThat(Geo.speedKmh(100, 3_600_000)).isCloseTo(100.0, within(1e-12));
        assertThat(Geo.speedKmh(1, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Geo.speedKmh(0, 0)).isZero();
        assertThat(Geo.speedKmh(0, 1_000)).isZero();
    }
}
