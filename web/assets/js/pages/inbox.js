// (being built: issue 19)
export const routes = [];
