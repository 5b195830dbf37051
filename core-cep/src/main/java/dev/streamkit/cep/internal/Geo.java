package dev.streamkit.cep.internal;

import org.apache.flink.annotation.Internal;

/** Great-circle distance and implied speed. */
@Internal
public final class Geo {
    /** Mean Earth radius used for all distances, in km. */
    public static final double EARTH_RADIUS_KM = 6371.0;

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private Geo() {}

    /**
     * Haversine distance in km between two points given in degrees.
     *
     * @param lat1 latitude of the first point
     * @param lon1 longitude of the first point
     * @param lat2 latitude of the second point
     * @param lon2 longitude of the second point
     * @return the distance in km
     */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double sinPhi = Math.sin(dPhi / 2);
        double sinLambda = Math.sin(dLambda / 2);
        double h = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /**
     * Speed in km/h needed to cover {@code km} in {@code elapsedMillis}; infinite for a positive
     * distance in no time, 0 for no distance.
     *
     * @param km the distance
     * @param elapsedMillis the time taken
     * @return the speed in km/h
     */
    public static double speedKmh(double km, long elapsedMillis) {
        if (km <= 0) {
            return 0.0;
        }
        if (elapsedMillis <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return km / (elapsedMillis / MILLIS_PER_HOUR);
    }
}
