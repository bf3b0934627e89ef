// Which US Social Security numbers can exist, by area, group and serial.

/**
 * True when an SSN with these parts could have been issued. The SSA never assigns area 000, 666
 * or 900-999, group 00 or serial 0000; since randomization (25 June 2011) every other combination
 * is possible, so no finer area/group table applies.
 * Source: https://www.ssa.gov/employer/randomization.html
 */
export function isIssuableSsn(area: string, group: string, serial: string): boolean {
  if (!/^[0-9]{3}$/.test(area) || !/^[0-9]{2}$/.test(group) || !/^[0-9]{4}$/.test(serial)) {
    return false;
  }
  const areaNumber = Number(area);
  if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900) return false;
  return group !== '00' && serial !== '0000';
}
