import { describe, expect, it } from "vitest";
import { earthRadiusKm, haversineKm, pointLabel, sphericalCentroid } from "../../src/placement/geo.js";
import { defaultLatencyModel, modelledRttMs } from "../../src/placement/latency-model.js";
import { cities } from "./support.js";

describe("haversineKm", () => {
  it("matches exact distances on the sphere", () => {
    // A quarter meridian is πR/2; a degree of longitude on the equator is 2πR/360; antipodes are πR apart.
    expect(haversineKm({ latitude: 0, longitude: 0 }, { latitude: 90, longitude: 0 })).toBeCloseTo(
      (Math.PI * earthRadiusKm) / 2,
      6,
    );
    expect(haversineKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 })).toBeCloseTo(
      (2 * Math.PI * earthRadiusKm) / 360,
      6,
    );
    expect(haversineKm({ latitude: 10, longitude: 20 }, { latitude: -10, longitude: -160 })).toBeCloseTo(
      Math.PI * earthRadiusKm,
      3,
    );
    expect(haversineKm(cities.seoul, cities.seoul)).toBe(0);
  });

  it("matches published and independently computed city distances", () => {
    // Land's End to John o' Groats: 968.9 km (R = 6371 km, movable-type.co.uk's worked example).
    const landsEnd = { latitude: 50 + 3 / 60 + 59 / 3600, longitude: -(5 + 42 / 60 + 53 / 3600) };
    const johnOGroats = { latitude: 58 + 38 / 60 + 38 / 3600, longitude: -(3 + 4 / 60 + 12 / 3600) };
    expect((haversineKm(landsEnd, johnOGroats) * 6371) / earthRadiusKm).toBeCloseTo(968.9, 1);
    // Spherical law of cosines, computed separately: Seoul-Frankfurt 8,549.8 km, Seoul-Tokyo 1,159.7 km,
    // Seoul-Virginia 11,137.0 km.
    expect(haversineKm(cities.seoul, cities.frankfurt)).toBeCloseTo(8549.84, 1);
    expect(haversineKm(cities.seoul, cities.tokyo)).toBeCloseTo(1159.73, 1);
    expect(haversineKm(cities.seoul, cities.virginia)).toBeCloseTo(11136.97, 1);
  });

  it("is symmetric", () => {
    expect(haversineKm(cities.tokyo, cities.saoPaulo)).toBeCloseTo(haversineKm(cities.saoPaulo, cities.tokyo), 9);
  });
});

describe("sphericalCentroid", () => {
  it("is the point itself for one point", () => {
    const c = sphericalCentroid([cities.seoul]);
    expect(c.latitude).toBeCloseTo(cities.seoul.latitude, 9);
    expect(c.longitude).toBeCloseTo(cities.seoul.longitude, 9);
  });

  it("is the great-circle midpoint of two points", () => {
    const c = sphericalCentroid([cities.seoul, cities.frankfurt]);
    // Computed with 3-D vectors separately: 61.529°N 77.848°E, 4,274.9 km from each.
    expect(c.latitude).toBeCloseTo(61.5287, 3);
    expect(c.longitude).toBeCloseTo(77.8484, 3);
    expect(haversineKm(c, cities.seoul)).toBeCloseTo(haversineKm(c, cities.frankfurt), 6);
    expect(haversineKm(c, cities.seoul) * 2).toBeCloseTo(haversineKm(cities.seoul, cities.frankfurt), 6);
    expect(c.label).toBe("the centroid of Seoul, Frankfurt");
  });

  it("handles the antimeridian, where averaging degrees fails", () => {
    const c = sphericalCentroid([
      { latitude: 0, longitude: 170 },
      { latitude: 0, longitude: -170 },
    ]);
    expect(c.latitude).toBeCloseTo(0, 9);
    expect(Math.abs(c.longitude)).toBeCloseTo(180, 9);
  });

  it("finds the pole for points evenly around it", () => {
    const c = sphericalCentroid([0, 120, -120].map((longitude) => ({ latitude: 10, longitude })));
    expect(c.latitude).toBeCloseTo(90, 6);
  });

  it("refuses points whose centroid is undefined, naming the field", () => {
    const attempt = (): unknown =>
      sphericalCentroid(
        [
          { latitude: 0, longitude: 0 },
          { latitude: 0, longitude: 180 },
        ],
        "priorities[0].near",
      );
    expect(attempt).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "priorities[0].near", rule: "centroid" }),
    );
    expect(() => sphericalCentroid([])).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "points", rule: "non-empty" }),
    );
    expect(() => sphericalCentroid([])).not.toThrow(expect.objectContaining({ field: "elsewhere" }));
  });

  it("labels unlabelled points by their coordinates", () => {
    expect(pointLabel({ latitude: -23.55, longitude: -46.63 })).toBe("23.55°S 46.63°W");
  });
});

describe("modelledRttMs", () => {
  it("is 2 · d · routeFactor / fibre speed + overhead", () => {
    expect(defaultLatencyModel).toEqual({ fibreKmPerMs: 200, routeFactor: 1.5, overheadMs: 5 });
    expect(modelledRttMs(0)).toBe(5);
    // 1,000 km: 2 × 1000 × 1.5 / 200 = 15 ms, + 5 ms.
    expect(modelledRttMs(1000)).toBe(20);
    // Seoul-Frankfurt, 8,549.84 km: 128.25 + 5.
    expect(modelledRttMs(haversineKm(cities.seoul, cities.frankfurt))).toBeCloseTo(133.25, 1);
    expect(modelledRttMs(1000, { fibreKmPerMs: 100, routeFactor: 1, overheadMs: 0 })).toBe(20);
  });
});
