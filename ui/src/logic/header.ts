// The NHS.UK header's responsive menu (nhsuk-frontend's header behaviour): the items that do not
// fit on one line go, from the last one back, into a "More" menu.

/** How many of the last items go into the "More" menu: none when every item fits in `available`
 * pixels; otherwise enough that the items left and the "More" button (`moreWidth`) fit. */
export function foldCount(widths: number[], available: number, moreWidth: number): number {
  let right = 0;
  const rights = widths.map((w) => (right += w));
  if (right <= available) return 0;
  const room = available - moreWidth;
  return rights.filter((r) => r > room).length;
}
