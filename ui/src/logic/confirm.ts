/** Where Tab goes inside a modal dialog with `count` buttons, from the one at `index` (-1: none
 * of them, such as the heading that takes focus first): round from the last to the first and
 * back, so focus never leaves the dialog. `null`: the browser's own move is right. */
export function trapTab(index: number, count: number, shift: boolean): number | null {
  if (count === 0) return null;
  if (index < 0) return shift ? count - 1 : 0;
  if (!shift && index === count - 1) return 0;
  if (shift && index === 0) return count - 1;
  return null;
}
