// A tiny element builder: the portal renders plain DOM, so it needs no framework at runtime.
export type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === false) continue;
		if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
		else if (name === 'value' || name === 'checked') (element as unknown as Record<string, unknown>)[name] = value;
		else element.setAttribute(name, value === true ? '' : String(value));
	}
	append(element, children);
	return element;
}

export function append(parent: Node, children: Child[]) {
	for (const child of children.flat(Infinity as 1) as Child[]) {
		if (child === null || child === undefined || child === false) continue;
		parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
	}
}

let uid = 0;
/** A unique id for label/input and aria-describedby pairs. */
export const nextId = (prefix: string) => `${prefix}-${++uid}`;
