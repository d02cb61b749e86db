/** Small display formats shared by panels. */
export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
