// Types the printers own: the output formats kubectl get knows and the columns of a server-side Table.

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  shown: boolean; // priority 0, or -o wide
}
